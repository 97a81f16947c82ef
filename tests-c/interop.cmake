# The example programs and their interop tests against the openssl CLI.
#
# include()d from tests-c/CMakeLists.txt after its helper functions (schshim_c_executable,
# schshim_script_test) and after its interop_*.sh glob:
#
#   include("${CMAKE_CURRENT_SOURCE_DIR}/interop.cmake")
#
# Builds examples/client.c and examples/server.c as example_client / example_server (same flags
# and library as the C tests) and runs tests-c/interop_client.sh / interop_server.sh (label
# interop, the usual test environment incl. SCHSHIM_CERTS) with the executable as $1. When the
# glob has registered the scripts already (without arguments), those tests are kept and get the
# executable through SCHSHIM_EXAMPLE_CLIENT / SCHSHIM_EXAMPLE_SERVER instead, which the scripts
# read when $1 is missing (then $SCHSHIM_BIN_DIR/example_*).

schshim_c_executable(example_client "${SCHSHIM_REPO_DIR}/examples/client.c")
schshim_c_executable(example_server "${SCHSHIM_REPO_DIR}/examples/server.c")

foreach(kind client server)
  string(TOUPPER "${kind}" kind_upper)
  set(test_name "interop_${kind}")
  if(NOT TEST ${test_name})
    schshim_script_test(${test_name} "${CMAKE_CURRENT_LIST_DIR}/interop_${kind}.sh"
      "$<TARGET_FILE:example_${kind}>")
  endif()
  set_property(TEST ${test_name} APPEND PROPERTY ENVIRONMENT
    "SCHSHIM_EXAMPLE_${kind_upper}=$<TARGET_FILE:example_${kind}>")
  # openssl s_server/s_client run on fixed 127.0.0.1 ports picked just before use; the two
  # scripts may run in parallel (different ports), each needs up to ~115 s on a loaded machine (each script stops itself at 110 s).
  set_property(TEST ${test_name} APPEND PROPERTY LABELS interop)
endforeach()
