# The Windows header set (include/win32) and the porting kit, include()d from
# tests-c/CMakeLists.txt after its helper functions:
#
#   win32_basics, win32_basics_u16   tests-c/win32_basics.c with the Windows headers: UNICODE and
#                                    -fshort-wchar (L"..." literals), and neither (WCHAR uint16_t)
#   wide_strings[_cxx|_fortify]      tests-c/port/wide_strings.c: wcslen & co. on 16-bit wchar_t
#   port_headers_*                   every header of the set in one translation unit, as C99 (also
#                                    with _POSIX_C_SOURCE), C11, C++17, with and without
#                                    -fshort-wchar and UNICODE; -Wall -Wextra -Wpedantic -Werror
#   port_install                     tests-c/port/port_test.sh: make install / uninstall and the
#                                    out-of-tree builds from the installed prefix (label port)

set(SCHSHIM_WIN32_INCLUDE_DIR "${SCHSHIM_INCLUDE_DIR}/win32")

schshim_c_test(win32_basics "${CMAKE_CURRENT_LIST_DIR}/../win32_basics.c")
target_include_directories(win32_basics BEFORE PRIVATE "${SCHSHIM_WIN32_INCLUDE_DIR}")
target_compile_options(win32_basics PRIVATE -fshort-wchar)
target_compile_definitions(win32_basics PRIVATE UNICODE _UNICODE)

schshim_c_test(win32_basics_u16 "${CMAKE_CURRENT_LIST_DIR}/../win32_basics.c")
target_include_directories(win32_basics_u16 BEFORE PRIVATE "${SCHSHIM_WIN32_INCLUDE_DIR}")

# wide_strings[_cxx|_fortify]: the C wide-string functions on 16-bit wchar_t (-fshort-wchar), as
# C11, as C++17 and with glibc's _FORTIFY_SOURCE wrappers.
set(SCHSHIM_WIDE_STRINGS_CXX "${CMAKE_CURRENT_BINARY_DIR}/wide_strings.cpp")
configure_file("${CMAKE_CURRENT_LIST_DIR}/wide_strings.c" "${SCHSHIM_WIDE_STRINGS_CXX}" COPYONLY)
schshim_c_test(wide_strings "${CMAKE_CURRENT_LIST_DIR}/wide_strings.c")
schshim_c_test(wide_strings_cxx "${SCHSHIM_WIDE_STRINGS_CXX}")
set_target_properties(wide_strings_cxx PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON)
schshim_c_test(wide_strings_fortify "${CMAKE_CURRENT_LIST_DIR}/wide_strings.c")
target_compile_options(wide_strings_fortify PRIVATE -O2 -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
foreach(name wide_strings wide_strings_cxx wide_strings_fortify)
  target_include_directories(${name} BEFORE PRIVATE "${SCHSHIM_WIN32_INCLUDE_DIR}")
  target_compile_options(${name} PRIVATE -fshort-wchar -Wpedantic -Wformat-nonliteral)
endforeach()

# port_headers_<std>[_short][_unicode][_posix]
set(SCHSHIM_PORT_HEADERS_CXX "${CMAKE_CURRENT_BINARY_DIR}/port_headers_all.cpp")
configure_file("${CMAKE_CURRENT_LIST_DIR}/headers_all.c" "${SCHSHIM_PORT_HEADERS_CXX}" COPYONLY)
foreach(std c99 c99posix c11 cxx17)
  foreach(short OFF ON)
    foreach(unicode OFF ON)
      set(name "port_headers_${std}")
      # curl's own warning flags too: the set is pulled into every file of large C programs
      # (-Wcast-qual for C only: the C++ test casts its string literals the way Windows code does).
      set(options -Wall -Wextra -Wpedantic -Wformat-nonliteral -Werror)
      if(NOT std STREQUAL "cxx17")
        list(APPEND options -Wcast-qual)
      endif()
      set(defs "")
      if(short)
        string(APPEND name "_short")
        list(APPEND options -fshort-wchar)
      endif()
      if(unicode)
        string(APPEND name "_unicode")
        list(APPEND defs UNICODE _UNICODE)
      endif()
      if(std STREQUAL "cxx17")
        add_library(${name} OBJECT "${SCHSHIM_PORT_HEADERS_CXX}")
        set_target_properties(${name} PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
      else()
        add_library(${name} OBJECT "${CMAKE_CURRENT_LIST_DIR}/headers_all.c")
        if(std STREQUAL "c11")
          set_target_properties(${name} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
        else()
          set_target_properties(${name} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
        endif()
        if(std STREQUAL "c99posix")
          list(APPEND defs _POSIX_C_SOURCE=200809L)
        endif()
      endif()
      target_include_directories(${name} PRIVATE "${SCHSHIM_WIN32_INCLUDE_DIR}" "${SCHSHIM_INCLUDE_DIR}")
      target_compile_options(${name} PRIVATE ${options})
      target_compile_definitions(${name} PRIVATE ${defs})
    endforeach()
  endforeach()
endforeach()

# pkg-config from PATH, else the one `make setup` puts under target/tools.
find_program(SCHSHIM_PKG_CONFIG NAMES pkg-config pkgconf
  HINTS "${SCHSHIM_REPO_DIR}/target/tools/pkgconf-venv/bin")
find_program(SCHSHIM_MAKE NAMES make gmake)
if(NOT SCHSHIM_PKG_CONFIG OR NOT SCHSHIM_MAKE)
  message(FATAL_ERROR "port_install needs pkg-config (make setup installs it) and make")
endif()

schshim_script_test(port_install "${CMAKE_CURRENT_LIST_DIR}/port_test.sh")
set_property(TEST port_install APPEND PROPERTY ENVIRONMENT
  "SCHSHIM_PKG_CONFIG=${SCHSHIM_PKG_CONFIG}"
  "SCHSHIM_CMAKE=${CMAKE_COMMAND}"
  "SCHSHIM_MAKE=${SCHSHIM_MAKE}"
  "SCHSHIM_CC=${CMAKE_C_COMPILER}"
  "SCHSHIM_CXX=${CMAKE_CXX_COMPILER}")
set_property(TEST port_install APPEND PROPERTY LABELS port)
# make install (a cargo no-op check), five compiles, a CMake project, eighteen TLS fetches: about
# 15 s on an idle machine. Alone, so that its compiles and links do not slow the interop scripts,
# which run against a fixed time limit.
set_tests_properties(port_install PROPERTIES TIMEOUT 240 RUN_SERIAL TRUE)
