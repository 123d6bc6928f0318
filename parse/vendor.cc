#include "parse/vendor.h"

#include "common/enum_names.h"

namespace cfgsweep {

namespace {

constexpr auto kVendorNames = enum_names<Vendor>({
    {Vendor::kCiscoIos, "cisco_ios"},
    {Vendor::kCiscoIosxe, "cisco_iosxe"},
    {Vendor::kCiscoNxos, "cisco_nxos"},
    {Vendor::kCiscoIosxr, "cisco_iosxr"},
    {Vendor::kCiscoAsa, "cisco_asa"},
    {Vendor::kAristaEos, "arista_eos"},
    {Vendor::kFrr, "frr"},
    {Vendor::kJuniperJunos, "juniper_junos"},
    {Vendor::kVyos, "vyos"},
    {Vendor::kPaloaltoPanos, "paloalto_panos"},
    {Vendor::kFortinetFortios, "fortinet_fortios"},
    {Vendor::kCumulusNvue, "cumulus_nvue"},
    {Vendor::kNetplan, "netplan"},
    {Vendor::kLinuxIfupdown, "linux_ifupdown"},
    {Vendor::kAristaAvd, "arista_avd"},
    {Vendor::kNokiaSrlinux, "nokia_srlinux"},
    {Vendor::kSonic, "sonic"},
    {Vendor::kAws, "aws"},
    {Vendor::kAzure, "azure"},
});

}  // namespace

std::string_view vendor_name(Vendor vendor) { return kVendorNames.name(vendor); }
std::optional<Vendor> vendor_from_name(std::string_view name) { return kVendorNames.parse(name); }
std::string vendor_names() { return kVendorNames.list(); }

}  // namespace cfgsweep
