//! The one map from rustls errors and TLS alerts to `SECURITY_STATUS`.
//!
//! Callers key their logic on exact flow codes and on a handful of error codes (curl on
//! `SEC_E_WRONG_PRINCIPAL` / `SEC_E_UNTRUSTED_ROOT`, .NET on a fixed table), so every failure the
//! engine can produce is mapped here and nowhere else. The alert table follows Microsoft's
//! "Schannel error codes for TLS and SSL alerts" (reference/schannel-spec.md §7.2).

use crate::abi::*;
use rustls::{
    AlertDescription, CertificateError, Error, OtherError, PeerIncompatible, PeerMisbehaved,
};

/// A peer's input we refuse before or beside rustls, with the alert RFC 8446 / 5246 / 7507 name
/// for it (rustls has no rule for these, so it queues no alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub AlertDescription);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused: {:?}", self.0)
    }
}

impl std::error::Error for Refused {}

impl Refused {
    pub fn into_error(self) -> Error {
        Error::Other(OtherError(std::sync::Arc::new(self)))
    }

    /// The refusal inside a rustls error made by [`Refused::into_error`].
    pub fn of(e: &Error) -> Option<Refused> {
        match e {
            Error::Other(OtherError(inner)) => inner.downcast_ref::<Refused>().copied(),
            _ => None,
        }
    }
}

/// Status for a fatal alert received from the peer (or generated locally).
pub fn from_alert(alert: u8) -> SECURITY_STATUS {
    match alert {
        0 => SEC_I_CONTEXT_EXPIRED,
        20 | 30 => SEC_E_MESSAGE_ALTERED,
        21 | 51 => SEC_E_DECRYPT_FAILURE,
        42 | 43 | 46 => SEC_E_CERT_UNKNOWN,
        44 => CRYPT_E_REVOKED,
        45 => SEC_E_CERT_EXPIRED,
        48 => SEC_E_UNTRUSTED_ROOT,
        49 => SEC_E_LOGON_DENIED,
        70 => SEC_E_UNSUPPORTED_FUNCTION,
        71 => SEC_E_ALGORITHM_MISMATCH,
        80 => SEC_E_INTERNAL_ERROR,
        90 => SEC_E_UNFINISHED_CONTEXT_DELETED,
        120 => SEC_E_APPLICATION_PROTOCOL_MISMATCH,
        _ => SEC_E_ILLEGAL_MESSAGE,
    }
}

fn from_certificate_error(e: &CertificateError) -> SECURITY_STATUS {
    match e {
        CertificateError::UnknownIssuer | CertificateError::BadSignature => SEC_E_UNTRUSTED_ROOT,
        CertificateError::Expired
        | CertificateError::ExpiredContext { .. }
        | CertificateError::NotValidYet
        | CertificateError::NotValidYetContext { .. } => SEC_E_CERT_EXPIRED,
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            SEC_E_WRONG_PRINCIPAL
        }
        CertificateError::Revoked => CRYPT_E_REVOKED,
        _ => SEC_E_CERT_UNKNOWN,
    }
}

/// Status for an error rustls reported while handshaking or processing records.
pub fn from_rustls(e: &Error) -> SECURITY_STATUS {
    match e {
        Error::InvalidCertificate(c) => from_certificate_error(c),
        Error::NoCertificatesPresented => SEC_E_NO_CREDENTIALS,
        Error::AlertReceived(a) => from_alert(u8::from(*a)),
        Error::DecryptError => SEC_E_DECRYPT_FAILURE,
        Error::NoApplicationProtocol => SEC_E_APPLICATION_PROTOCOL_MISMATCH,
        Error::PeerIncompatible(p) => match p {
            PeerIncompatible::Tls12NotOffered
            | PeerIncompatible::Tls12NotOfferedOrEnabled
            | PeerIncompatible::Tls13RequiredForQuic
            | PeerIncompatible::SupportedVersionsExtensionRequired
            | PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig => SEC_E_ALGORITHM_MISMATCH,
            _ => SEC_E_ALGORITHM_MISMATCH,
        },
        Error::PeerMisbehaved(PeerMisbehaved::TooManyRenegotiationRequests) => {
            SEC_E_ILLEGAL_MESSAGE
        }
        Error::InappropriateMessage { .. }
        | Error::InappropriateHandshakeMessage { .. }
        | Error::InvalidMessage(_)
        | Error::PeerMisbehaved(_)
        | Error::PeerSentOversizedRecord
        | Error::UnsupportedNameType
        | Error::InvalidEncryptedClientHello(_) => SEC_E_ILLEGAL_MESSAGE,
        Error::InvalidCertRevocationList(_) => SEC_E_CERT_UNKNOWN,
        // What is left is local (time, randomness, key consistency, rustls's own "General"
        // states); every error a peer's bytes can cause is mapped above (CONTRACT §9).
        // Nothing the key can sign with: no common algorithm. Others as if the peer had
        // received the alert we send: Microsoft's table (§7.2) for it.
        Error::Other(_) if Refused::of(e).is_some() => match Refused::of(e) {
            Some(Refused(AlertDescription::HandshakeFailure)) => SEC_E_ALGORITHM_MISMATCH,
            r => r.map_or(SEC_E_ILLEGAL_MESSAGE, |r| from_alert(u8::from(r.0))),
        },
        _ => SEC_E_INTERNAL_ERROR,
    }
}

/// The alert RFC 8446 §6.2 / RFC 5246 §7.2 name for a failure rustls found in the peer's
/// handshake input, for the refusals after which rustls itself queues none.
pub fn alert_for(e: &Error) -> Option<u8> {
    let alert = match e {
        Error::InvalidMessage(_) | Error::PeerSentOversizedRecord => TLS1_ALERT_DECODE_ERROR,
        Error::InappropriateMessage { .. } | Error::InappropriateHandshakeMessage { .. } => {
            TLS1_ALERT_UNEXPECTED_MESSAGE
        }
        Error::PeerMisbehaved(_) => TLS1_ALERT_ILLEGAL_PARAMETER,
        Error::PeerIncompatible(_) => TLS1_ALERT_HANDSHAKE_FAILURE,
        _ => return None,
    };
    Some(alert as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_map_per_microsoft_table() {
        assert_eq!(from_alert(48), SEC_E_UNTRUSTED_ROOT);
        assert_eq!(from_alert(40), SEC_E_ILLEGAL_MESSAGE);
        assert_eq!(from_alert(20), SEC_E_MESSAGE_ALTERED);
        assert_eq!(from_alert(51), SEC_E_DECRYPT_FAILURE);
        assert_eq!(from_alert(70), SEC_E_UNSUPPORTED_FUNCTION);
        assert_eq!(from_alert(250), SEC_E_ILLEGAL_MESSAGE);
    }

    #[test]
    fn peer_input_errors_are_not_internal() {
        for e in [
            Error::UnsupportedNameType,
            Error::PeerSentOversizedRecord,
            Error::DecryptError,
            Error::InvalidMessage(rustls::InvalidMessage::MessageTooLarge),
            Error::PeerMisbehaved(PeerMisbehaved::IncorrectBinder),
            Error::InappropriateMessage {
                expect_types: vec![rustls::ContentType::Handshake],
                got_type: rustls::ContentType::ApplicationData,
            },
        ] {
            assert_ne!(from_rustls(&e), SEC_E_INTERNAL_ERROR, "{e:?}");
        }
    }

    #[test]
    fn refusals_map_as_their_alert() {
        let e = Refused(AlertDescription::InappropriateFallback).into_error();
        assert_eq!(
            Refused::of(&e),
            Some(Refused(AlertDescription::InappropriateFallback))
        );
        assert_eq!(from_rustls(&e), SEC_E_ILLEGAL_MESSAGE);
        let e = Refused(AlertDescription::HandshakeFailure).into_error();
        assert_eq!(from_rustls(&e), SEC_E_ALGORITHM_MISMATCH);
        let e = Refused(AlertDescription::RecordOverflow).into_error();
        assert_eq!(from_rustls(&e), SEC_E_ILLEGAL_MESSAGE);
        assert_eq!(Refused::of(&Error::DecryptError), None);
    }

    #[test]
    fn certificate_errors_map_to_validation_codes() {
        let e = Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(from_rustls(&e), SEC_E_UNTRUSTED_ROOT);
        let e = Error::InvalidCertificate(CertificateError::NotValidForName);
        assert_eq!(from_rustls(&e), SEC_E_WRONG_PRINCIPAL);
        let e = Error::InvalidCertificate(CertificateError::Expired);
        assert_eq!(from_rustls(&e), SEC_E_CERT_EXPIRED);
        let e = Error::InvalidCertificate(CertificateError::BadEncoding);
        assert_eq!(from_rustls(&e), SEC_E_CERT_UNKNOWN);
    }
}
