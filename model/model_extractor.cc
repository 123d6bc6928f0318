#include "model/model_extractor.h"

namespace cfgsweep {

DeviceModel extract_model(const Detection& detection, const ParsedConfig& parsed,
                          const ModelOptions& options, ModelCoverage* coverage) {
  DeviceModel model;
  const ConfigTree& tree = parsed.tree;
  Vendor vendor = detection.vendor;
  switch (detection.format) {
    case ConfigFormat::kIosFamily:
      extract_ios_family(tree, vendor, options, &model, coverage);
      break;
    case ConfigFormat::kBraces:
    case ConfigFormat::kSetCommands:
    case ConfigFormat::kXml:
      if (vendor == Vendor::kVyos) {
        extract_vyos(tree, options, &model, coverage);
      } else if (vendor == Vendor::kPaloaltoPanos) {
        extract_panos(tree, options, &model, coverage);
      } else if (vendor == Vendor::kJuniperJunos || detection.format != ConfigFormat::kXml) {
        extract_junos(tree, options, &model, coverage);
      }
      break;
    case ConfigFormat::kFortios:
      extract_fortios(tree, options, &model, coverage);
      break;
    case ConfigFormat::kIfupdown:
      extract_ifupdown(tree, &model, coverage);
      break;
    case ConfigFormat::kYaml:
      if (vendor == Vendor::kNetplan) extract_netplan(tree, &model, coverage);
      if (vendor == Vendor::kCumulusNvue) extract_nvue(tree, &model, coverage);
      break;
    case ConfigFormat::kJson:
    case ConfigFormat::kUnknown:
      break;
  }
  if (model.os_version.empty()) model.os_version = parsed.header_version;
  return model;
}

}  // namespace cfgsweep
