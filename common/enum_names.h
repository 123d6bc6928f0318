#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cfgsweep {

// The one place where an enum's values are spelled as they appear in output, on the
// command line and in policy files: a constexpr table per enum, read both ways. A value
// missing from its table names as "" (a test checks every table is complete).
template <typename E, std::size_t N>
struct EnumNames {
  std::array<std::pair<E, std::string_view>, N> entries;

  constexpr std::string_view name(E value) const {
    for (const auto& [v, n] : entries)
      if (v == value) return n;
    return {};
  }
  constexpr std::optional<E> parse(std::string_view text) const {
    for (const auto& [v, n] : entries)
      if (n == text) return v;
    return std::nullopt;
  }
  // "a, b, c": for help texts and error messages.
  std::string list() const {
    std::string out;
    for (const auto& [v, n] : entries) {
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
};

template <typename E, std::size_t N>
constexpr EnumNames<E, N> enum_names(const std::pair<E, std::string_view> (&entries)[N]) {
  EnumNames<E, N> names{};
  std::copy(entries, entries + N, names.entries.begin());
  return names;
}

}  // namespace cfgsweep
