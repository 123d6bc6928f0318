#include "common/terminal_text.h"

#include <doctest/doctest.h>

using cfgsweep::terminal_safe;

TEST_CASE("terminal_safe keeps printable text, UTF-8, newlines and tabs") {
  CHECK(terminal_safe("interface Gi0/1\n\tdescription café ✓") ==
        "interface Gi0/1\n\tdescription café ✓");
}

TEST_CASE("terminal_safe escapes C0, DEL and C1 controls") {
  CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(terminal_safe("\r\a\x7f") == "\\x0d\\x07\\x7f");
  CHECK(terminal_safe("\xc2\x9b"
                      "31m") == "\\xc2\\x9b31m");  // U+009B, the 8-bit CSI
  CHECK(terminal_safe("\x9b"
                      "31m") == "\\x9b31m");
}

TEST_CASE("terminal_safe escapes bytes that are not UTF-8") {
  CHECK(terminal_safe("caf\xe9") == "caf\\xe9");              // Latin-1
  CHECK(terminal_safe("\xe2\x82") == "\\xe2\\x82");           // truncated sequence
  CHECK(terminal_safe("\xc0\xaf") == "\\xc0\\xaf");           // overlong '/'
  CHECK(terminal_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // surrogate
}

TEST_CASE("terminal_safe escapes bidirectional overrides and isolates") {
  CHECK(terminal_safe("admin\xE2\x80\xAE"
                      "txt.exe") == "admin\\xe2\\x80\\xaetxt.exe");
  CHECK(terminal_safe("a\xE2\x81\xA6"
                      "b") == "a\\xe2\\x81\\xa6b");
  CHECK(terminal_safe("caf\xC3\xA9 \xE2\x80\x94 ok") == "caf\xC3\xA9 \xE2\x80\x94 ok");
}
