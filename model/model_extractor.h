#pragma once

#include <string_view>

#include "model/device_model.h"
#include "model/model_coverage.h"
#include "parse/format_detect.h"
#include "parse/parsed_config.h"

namespace cfgsweep {

struct ModelOptions {
  bool reveal_secrets = false;  // SNMP community names are redacted unless this is set
};

// Fills the normalized model from a parsed tree, with the extractor for the format and
// vendor, and marks in `coverage` every node it used.
DeviceModel extract_model(const Detection& detection, const ParsedConfig& parsed,
                          const ModelOptions& options, ModelCoverage* coverage);

// The per-family extractors (one file each).
// `vendor` may be kUnknown; for ASA every banner line is a one-line banner command.
void extract_ios_family(const ConfigTree& tree, Vendor vendor, const ModelOptions& options,
                        DeviceModel* model, ModelCoverage* coverage);
void extract_junos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage);
void extract_vyos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                  ModelCoverage* coverage);
void extract_panos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage);
void extract_fortios(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                     ModelCoverage* coverage);
void extract_ifupdown(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage);
void extract_netplan(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage);
void extract_nvue(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage);

// Names a password hash by its crypt prefix ("$1$" md5-crypt, "$6$" sha512-crypt, ...) or
// the vendor's type number; never returns the hash itself.
std::string hash_type(std::string_view type_word, std::string_view hash);

}  // namespace cfgsweep
