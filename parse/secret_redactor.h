#pragma once

#include <string>
#include <string_view>

namespace cfgsweep {

// Replaces the secrets a config holds (password hashes, enable secrets, SNMP communities,
// TACACS/RADIUS/BGP/OSPF/IKE keys; IOS family, Junos, FortiOS) with kRedacted, leaving
// every other byte as it was, so a redacted backup still diffs line by line against the
// last one. Returns how many secrets it removed in *count when given.
std::string redact_secrets(std::string_view config, int* count = nullptr);

// What stands in for a secret in every output: saved configs, the model.
inline constexpr std::string_view kRedacted = "<redacted>";

}  // namespace cfgsweep
