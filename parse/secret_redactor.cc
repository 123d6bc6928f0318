#include "parse/secret_redactor.h"

#include <re2/re2.h>

#include <array>
#include <memory>

namespace cfgsweep {

namespace {

// Each pattern keeps the words before the secret in group 1 and matches the secret after
// it. A type digit (IOS "7", "5", "9") or "sha512" before the secret is kept: it says what
// kind of secret was there.
constexpr std::array kSecretPatterns = {
    // IOS family, EOS, NX-OS
    R"((?m)^(\s*enable (?:secret|password)(?: level \d+)?(?: [0-9]| sha512)? )\S+)",
    R"((?m)^(\s*username \S+(?: privilege \d+)?(?: role \S+)? (?:secret|password)(?: [0-9]| sha512)? )\S+)",
    R"((?m)^(\s*snmp-server community )\S+)",
    R"((?m)^(\s*(?:tacacs-server|radius-server) (?:host \S+ )?key(?: [0-9])? )\S+)",
    R"((?m)^(\s*(?:server-private \S+ )?key [0-9] )\S+)",
    R"((?m)^(\s*key-string(?: [0-9])? )\S+)",
    R"((?m)^(\s*(?:ip ospf )?(?:authentication-key|message-digest-key \d+ md5)(?: [0-9])? )\S+)",
    R"((?m)^(\s*neighbor \S+ password(?: [0-9])? )\S+)",
    R"((?m)^(\s*crypto isakmp key(?: [0-9])? )\S+)",
    R"((?m)^(\s*(?:pre-shared-key|wpa-psk ascii)(?: [0-9])? )\S+)",
    // Junos (brace and set) and VyOS write these secrets quoted, always
    R"re((\b(?:encrypted-password|secret|authentication-key|ascii-text|hexadecimal|simple-password|plaintext-password) )"[^"\n]*")re",
    R"((?m)^(set snmp community )\S+)",
    // FortiOS
    R"((?m)^(\s*set (?:password|passwd|psksecret|secret|key|auth-pwd|private-key|sso-password) )(?:ENC \S+|"[^"]*"|\S+))",
};

const std::vector<std::unique_ptr<RE2>>& secret_patterns() {
  static const auto compiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    for (const char* pattern : kSecretPatterns) out.push_back(std::make_unique<RE2>(pattern));
    return out;
  }();
  return compiled;
}

}  // namespace

std::string redact_secrets(std::string_view config, int* count) {
  std::string text(config);
  int removed = 0;
  const std::string replacement = std::string("\\1") + std::string(kRedacted);
  for (const auto& pattern : secret_patterns())
    removed += RE2::GlobalReplace(&text, *pattern, replacement);
  if (count) *count = removed;
  return text;
}

}  // namespace cfgsweep
