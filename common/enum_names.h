#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cfgsweep {

// The one place where an enum's values are spelled as they appear in output, on the
// command line and in policy files: a constexpr table per enum, read both ways. The names
// are given in the enum's order, one per value from `first` on (enum_names checks the count
// at compile time), so a table is as short as its list of names.
template <typename E, std::size_t N>
struct EnumNames {
  E first;
  std::array<std::string_view, N> names;

  constexpr std::string_view name(E value) const {
    auto index = static_cast<std::size_t>(value) - static_cast<std::size_t>(first);
    return index < N ? names[index] : std::string_view();
  }
  constexpr std::optional<E> parse(std::string_view text) const {
    for (std::size_t i = 0; i < N; ++i)
      if (names[i] == text) return static_cast<E>(static_cast<std::size_t>(first) + i);
    return std::nullopt;
  }
  // "a, b, c": for help texts and error messages.
  std::string list() const {
    std::string out;
    for (std::string_view n : names) {
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
};

// The names of the values kFirst..kLast, in order: one per value, or it does not compile.
template <auto kFirst, auto kLast, typename... Names>
consteval EnumNames<decltype(kFirst), sizeof...(Names)> enum_names(Names... names) {
  static_assert(
      sizeof...(Names) == static_cast<std::size_t>(kLast) - static_cast<std::size_t>(kFirst) + 1,
      "one name per value from kFirst to kLast");
  return {kFirst, {std::string_view(names)...}};
}

// Specialised beside each named enum, in its header:
//   template <> struct EnumNameTable<Severity> {
//     static constexpr auto kNames =
//         enum_names<Severity::kInfo, Severity::kCritical>("info", "low", "medium", ...);
//   };
// A value outside kFirst..kLast (an enum's "unknown") names as "".
template <typename E>
struct EnumNameTable;

template <typename E>
constexpr std::string_view enum_name(E value) {
  return EnumNameTable<E>::kNames.name(value);
}
// The value `text` names; nullopt for a name the table does not hold.
template <typename E>
constexpr std::optional<E> enum_from_name(std::string_view text) {
  return EnumNameTable<E>::kNames.parse(text);
}
// Every name of E, "a, b, c".
template <typename E>
std::string enum_name_list() {
  return EnumNameTable<E>::kNames.list();
}

}  // namespace cfgsweep
