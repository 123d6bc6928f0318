#include "inventory/nornir_inventory.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <ios>
#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

namespace cfgsweep {

namespace {

namespace fs = std::filesystem;

constexpr auto kEntryKeys =
    std::to_array<std::string_view>({"hostname", "port", "username", "password", "platform",
                                     "groups", "data", "connection_options"});

// A host, a group or the defaults, as one YAML mapping of a Nornir inventory file.
struct Entry {
  std::string name;
  std::string file;
  YAML::Node node;
};

// Records mistakes at their YAML marks. yaml-cpp is the only thrower here; its exceptions
// are caught where they can arise and recorded like any other mistake.
class Mistakes {
 public:
  explicit Mistakes(Diagnostics* out) : out_(out) {}

  void at(const std::string& file, const YAML::Mark& mark, std::string_view message) const {
    if (mark.is_null()) {
      out_->add(located(file, 0, 0, message));
      return;
    }
    out_->add(located(file, static_cast<std::size_t>(mark.line) + 1,
                      static_cast<std::size_t>(mark.column) + 1, message));
  }

  std::optional<YAML::Node> load(const std::string& file) const {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {  // yaml-cpp would throw ios_base::failure
      out_->add(located(file, 0, 0, "a directory, not an inventory file"));
      return std::nullopt;
    }
    try {
      return YAML::LoadFile(file);
    } catch (const std::ios_base::failure&) {  // a read error after the open
      out_->add(located(file, 0, 0, "cannot read the file"));
    } catch (const YAML::BadFile&) {
      out_->add(located(file, 0, 0, "cannot read the file"));
    } catch (const YAML::Exception& e) {
      at(file, e.mark, fmt::format("not valid YAML: {}", e.msg));
    }
    return std::nullopt;
  }

  // A mapping key as text; a key that is not a scalar is a mistake.
  std::optional<std::string> key(const std::string& file, const YAML::Node& key) const {
    if (key.IsScalar()) return key.Scalar();
    at(file, key.Mark(), "a key must be a single value");
    return std::nullopt;
  }

 private:
  Diagnostics* out_;
};

// Checks one value of an entry; true when it can be used.
bool check_value(const Mistakes& m, const Entry& e, const std::string& key,
                 const YAML::Node& value) {
  if (key == "groups") {
    if (!value.IsSequence()) {
      m.at(e.file, value.Mark(), fmt::format("'groups' of '{}' must be a list", e.name));
      return false;
    }
    bool ok = true;
    for (const auto& g : value)
      if (!g.IsScalar()) {
        m.at(e.file, g.Mark(), fmt::format("'groups' of '{}' must be a single value", e.name));
        ok = false;
      }
    return ok;
  }
  if (key == "data" || key == "connection_options") {
    if (value.IsMap()) return true;
    m.at(e.file, value.Mark(), fmt::format("'{}' of '{}' must be a mapping", key, e.name));
    return false;
  }
  if (!value.IsScalar()) {
    m.at(e.file, value.Mark(), fmt::format("'{}' of '{}' must be a single value", key, e.name));
    return false;
  }
  if (key == "port" && !port_from_text(value.Scalar())) {
    m.at(e.file, value.Mark(),
         fmt::format("port '{}' is not a number from 1 to 65535", value.Scalar()));
    return false;
  }
  return true;
}

// Checks one entry's keys and value types, every one of them, so that a typo fails before
// any connection. True when the entry can be resolved.
bool check_entry(const Mistakes& m, const Entry& e) {
  if (e.node.IsNull()) return true;
  if (!e.node.IsMap()) {
    m.at(e.file, e.node.Mark(), fmt::format("'{}' must be a mapping of settings", e.name));
    return false;
  }
  bool ok = true;
  for (const auto& item : e.node) {
    std::optional<std::string> key = m.key(e.file, item.first);
    if (!key) {
      ok = false;
      continue;
    }
    if (std::find(kEntryKeys.begin(), kEntryKeys.end(), *key) == kEntryKeys.end()) {
      m.at(e.file, item.first.Mark(),
           fmt::format("unknown key '{}' in '{}' (expected one of: {})", *key, e.name,
                       fmt::join(kEntryKeys, ", ")));
      ok = false;
      continue;
    }
    if (!item.second.IsNull() && !check_value(m, e, *key, item.second)) ok = false;
  }
  return ok;
}

// The entries of one file that passed their checks (the others' mistakes are recorded).
std::vector<Entry> entries_of(const Mistakes& m, const std::string& file, const YAML::Node& root,
                              bool required) {
  std::vector<Entry> out;
  if (root.IsNull()) {
    if (required) m.at(file, root.Mark(), "holds no hosts");
    return out;
  }
  if (!root.IsMap()) {
    m.at(file, root.Mark(), "must be a mapping of names to settings");
    return out;
  }
  for (const auto& item : root) {
    std::optional<std::string> name = m.key(file, item.first);
    if (!name) continue;
    Entry e{*name, file, item.second};
    // An entry with a bad value is still resolved, so that its groups are checked too:
    // the resolver reads only values of the right type.
    check_entry(m, e);
    if (e.node.IsNull() || e.node.IsMap()) out.push_back(std::move(e));
  }
  return out;
}

void flatten(const YAML::Node& node, const std::string& prefix,
             std::map<std::string, std::string>* out) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      if (!item.first.IsScalar()) continue;
      flatten(item.second,
              prefix.empty() ? item.first.Scalar() : prefix + "." + item.first.Scalar(), out);
    }
  } else if (node.IsSequence()) {
    std::string items;
    for (const auto& item : node)
      if (item.IsScalar()) {
        if (!items.empty()) items += ',';
        items += item.Scalar();
      }
    out->emplace(prefix, items);  // emplace: the nearer definition was added first
  } else if (node.IsScalar()) {
    out->emplace(prefix, node.Scalar());
  }
}

// Resolves hosts against their groups and the defaults, Nornir's way.
class NornirResolver {
 public:
  NornirResolver(const Mistakes& mistakes, std::vector<Entry> groups, Entry defaults)
      : mistakes_(mistakes), defaults_(std::move(defaults)) {
    for (Entry& g : groups) groups_.emplace(g.name, std::move(g));
  }

  InventoryHost resolve(const Entry& host) const {
    std::vector<const Entry*> chain{&host};
    std::vector<std::string> names;
    add_groups(host, &chain, &names, 0);
    chain.push_back(&defaults_);

    InventoryHost h;
    h.name = host.name;
    h.groups = names;
    auto first = [&](const char* key) -> const YAML::Node* {
      for (const Entry* e : chain)
        if (e->node.IsMap() && e->node[key] && e->node[key].IsScalar()) return &e->node;
      return nullptr;
    };
    if (const YAML::Node* n = first("hostname")) h.hostname = (*n)["hostname"].Scalar();
    if (const YAML::Node* n = first("username")) h.username = (*n)["username"].Scalar();
    if (const YAML::Node* n = first("password")) h.password = (*n)["password"].Scalar();
    if (const YAML::Node* n = first("platform")) h.platform = (*n)["platform"].Scalar();
    if (const YAML::Node* n = first("port"))
      h.port = port_from_text((*n)["port"].Scalar()).value_or(0);
    for (const Entry* e : chain)
      if (e->node.IsMap() && e->node["data"] && e->node["data"].IsMap()) {
        flatten(e->node["data"], "", &h.data);
        if (h.commands.empty() && e->node["data"]["commands"])
          h.commands = strings_of(*e, e->node["data"]["commands"], "commands", "command");
        if (h.files.empty() && e->node["data"]["files"])
          h.files = strings_of(*e, e->node["data"]["files"], "files", "file name");
      }
    h.data.erase("commands");
    h.data.erase("files");
    if (h.hostname.empty()) h.hostname = h.name;
    return h;
  }

 private:
  void add_groups(const Entry& e, std::vector<const Entry*>* chain, std::vector<std::string>* names,
                  int depth) const {
    if (!e.node.IsMap() || !e.node["groups"] || !e.node["groups"].IsSequence()) return;
    for (const auto& g : e.node["groups"]) {
      if (!g.IsScalar()) continue;  // reported by check_entry
      const std::string& name = g.Scalar();
      auto it = groups_.find(name);
      if (it == groups_.end()) {
        mistakes_.at(e.file, g.Mark(),
                     fmt::format("'{}' names an unknown group '{}'", e.name, name));
        continue;
      }
      if (depth > 32) {
        mistakes_.at(e.file, g.Mark(),
                     fmt::format("groups nest too deep at '{}' (a cycle?)", name));
        return;
      }
      if (std::find(names->begin(), names->end(), name) != names->end()) continue;
      names->push_back(name);
      chain->push_back(&it->second);
      add_groups(it->second, chain, names, depth + 1);
    }
  }

  // data.commands or data.files: one string or a list of them, each kept whole (a file
  // name may hold a comma).
  std::vector<std::string> strings_of(const Entry& e, const YAML::Node& node, std::string_view key,
                                      std::string_view what) const {
    std::vector<std::string> out;
    if (node.IsScalar()) out.push_back(node.Scalar());
    if (node.IsSequence())
      for (const auto& c : node) {
        if (!c.IsScalar() || c.Scalar().empty()) {
          mistakes_.at(e.file, c.Mark(),
                       fmt::format("'data.{}' of '{}' must be {} strings", key, e.name, what));
          return {};
        }
        out.push_back(c.Scalar());
      }
    if (out.empty())
      mistakes_.at(
          e.file, node.Mark(),
          fmt::format("'data.{}' of '{}' must be a {} or a list of them", key, e.name, what));
    return out;
  }

  const Mistakes& mistakes_;
  std::map<std::string, Entry> groups_;
  Entry defaults_;
};

std::vector<Entry> entries_in(const Mistakes& m, const std::string& file, bool required) {
  std::optional<YAML::Node> root = m.load(file);
  return root ? entries_of(m, file, *root, required) : std::vector<Entry>{};
}

}  // namespace

std::optional<uint16_t> port_from_text(std::string_view text) {
  bool digits = !text.empty() && text.size() <= 5 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return std::nullopt;
  unsigned value = 0;
  for (char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

std::vector<InventoryHost> load_nornir(const fs::path& hosts_file, Diagnostics* mistakes) {
  const Mistakes m(mistakes);
  fs::path dir = hosts_file.parent_path();
  std::string hosts_name = hosts_file.string();
  std::vector<Entry> hosts = entries_in(m, hosts_name, true);
  std::vector<Entry> groups;
  if (fs::exists(dir / "groups.yaml"))
    groups = entries_in(m, (dir / "groups.yaml").string(), false);
  Entry defaults{"defaults", (dir / "defaults.yaml").string(), YAML::Node()};
  if (fs::exists(dir / "defaults.yaml")) {
    std::optional<YAML::Node> node = m.load(defaults.file);
    if (node) defaults.node = *node;
    if (!check_entry(m, defaults)) defaults.node = YAML::Node();
  }
  NornirResolver resolver(m, std::move(groups), std::move(defaults));
  std::vector<InventoryHost> out;
  for (const Entry& host : hosts) {
    out.push_back(resolver.resolve(host));
    out.back().source = fmt::format("{}:{}", hosts_name, host.node.Mark().line + 1);
  }
  return out;
}

}  // namespace cfgsweep
