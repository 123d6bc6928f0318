#include "policy/intended_config.h"

#include <fnmatch.h>

namespace cfgsweep {

std::map<std::string, std::string> device_vars(
    const PolicyVars& vars, std::string_view hostname,
    const std::map<std::string, std::string>* inventory) {
  std::map<std::string, std::string> out = vars.defaults;
  if (inventory)
    for (const auto& [key, value] : *inventory) out[key] = value;
  std::string name(hostname);
  for (const auto& [glob, values] : vars.devices)
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0)
      for (const auto& [key, value] : values) out[key] = value;
  out["hostname"] = name;
  return out;
}

bool fill_template(std::string_view line, const std::map<std::string, std::string>& vars,
                   std::string* out, std::string* unknown) {
  out->clear();
  std::size_t pos = 0;
  for (std::size_t open; (open = line.find("{{", pos)) != std::string_view::npos;) {
    std::size_t close = line.find("}}", open);
    if (close == std::string_view::npos) break;  // the loader rejects this; keep it literal
    out->append(line.substr(pos, open - pos));
    std::string_view name = line.substr(open + 2, close - open - 2);
    name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
    name.remove_suffix(name.size() - std::min(name.find_last_not_of(' ') + 1, name.size()));
    auto value = vars.find(std::string(name));
    if (value == vars.end()) {
      *unknown = std::string(name);
      return false;
    }
    out->append(value->second);
    pos = close + 2;
  }
  out->append(line.substr(pos));
  return true;
}

}  // namespace cfgsweep
