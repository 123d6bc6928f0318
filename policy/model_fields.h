#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cfgsweep {

// The fields of the normalized model (docs/model.md) that policies may name, so that a
// typo in a field is an error when the policy loads, not a rule that silently never fails.
enum class FieldKind { kString, kNumber, kBool, kStringList, kObjectList, kObject };

// The kind of `field` ("hostname", "bgp.local_as"; inside a list item when `list` names one:
// list "interfaces", field "mode"), or nullopt when the model has no such field.
std::optional<FieldKind> model_field_kind(std::string_view list, std::string_view field);

// The field names allowed at that place, for the error message.
std::string model_field_names(std::string_view list);

}  // namespace cfgsweep
