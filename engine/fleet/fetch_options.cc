#include "engine/fleet/fetch_options.h"

#include "common/enum_names.h"

namespace cfgsweep {

namespace {

constexpr auto kHostKeyPolicyNames = enum_names<HostKeyPolicy>({
    {HostKeyPolicy::kStrict, "strict"},
    {HostKeyPolicy::kAcceptNew, "accept-new"},
    {HostKeyPolicy::kOff, "off"},
});

constexpr auto kSessionModeNames = enum_names<SessionMode>({
    {SessionMode::kExec, "exec"},
    {SessionMode::kShell, "shell"},
});

}  // namespace

std::string_view host_key_policy_name(HostKeyPolicy policy) {
  return kHostKeyPolicyNames.name(policy);
}
std::optional<HostKeyPolicy> host_key_policy_from_name(std::string_view name) {
  return kHostKeyPolicyNames.parse(name);
}
std::string host_key_policy_names() { return kHostKeyPolicyNames.list(); }

std::string_view session_mode_name(SessionMode mode) { return kSessionModeNames.name(mode); }
std::optional<SessionMode> session_mode_from_name(std::string_view name) {
  return kSessionModeNames.parse(name);
}
std::string session_mode_names() { return kSessionModeNames.list(); }

}  // namespace cfgsweep
