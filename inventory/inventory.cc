#include "inventory/inventory.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <span>
#include <sstream>
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
constexpr auto kListKeys =
    std::to_array<std::string_view>({"name", "hostname", "port", "username", "platform", "groups"});

[[noreturn]] void fail(const std::string& file, const YAML::Mark& mark,
                       const std::string& message) {
  if (mark.is_null()) throw InventoryError(fmt::format("{}: {}", file, message));
  throw InventoryError(fmt::format("{}:{}:{}: {}", file, mark.line + 1, mark.column + 1, message));
}

[[noreturn]] void fail_line(const std::string& file, std::size_t line, const std::string& message) {
  throw InventoryError(fmt::format("{}:{}: {}", file, line, message));
}

uint16_t to_port(std::string_view text, const std::function<void(const std::string&)>& bad) {
  unsigned value = 0;
  bool digits = !text.empty() && text.size() <= 5 &&
                std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) value = static_cast<unsigned>(std::stoul(std::string(text)));
  if (!digits || value == 0 || value > 65535)
    bad(fmt::format("port '{}' is not a number from 1 to 65535", text));
  return static_cast<uint16_t>(value);
}

// A host, a group or the defaults, as one YAML mapping of a Nornir inventory file.
struct Entry {
  std::string name;
  std::string file;
  YAML::Node node;
};

YAML::Node load_yaml(const std::string& file) {
  try {
    return YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw InventoryError(fmt::format("{}: cannot read the file", file));
  } catch (const YAML::Exception& e) {
    fail(file, e.mark, fmt::format("not valid YAML: {}", e.msg));
  }
}

void check_scalar(const Entry& e, const YAML::Node& value, std::string_view key) {
  if (!value.IsScalar())
    fail(e.file, value.Mark(), fmt::format("'{}' of '{}' must be a single value", key, e.name));
}

// Checks one entry's keys and value types, so a typo fails before any connection.
void check_entry(const Entry& e) {
  if (e.node.IsNull()) return;
  if (!e.node.IsMap())
    fail(e.file, e.node.Mark(), fmt::format("'{}' must be a mapping of settings", e.name));
  for (const auto& item : e.node) {
    auto key = item.first.as<std::string>();
    const YAML::Node& value = item.second;
    if (std::find(kEntryKeys.begin(), kEntryKeys.end(), key) == kEntryKeys.end())
      fail(e.file, item.first.Mark(),
           fmt::format("unknown key '{}' in '{}' (expected one of: {})", key, e.name,
                       fmt::join(kEntryKeys, ", ")));
    if (value.IsNull()) continue;
    if (key == "groups") {
      if (!value.IsSequence())
        fail(e.file, value.Mark(), fmt::format("'groups' of '{}' must be a list", e.name));
      for (const auto& g : value) check_scalar(e, g, "groups");
    } else if (key == "data" || key == "connection_options") {
      if (!value.IsMap())
        fail(e.file, value.Mark(), fmt::format("'{}' of '{}' must be a mapping", key, e.name));
    } else {
      check_scalar(e, value, key);
      if (key == "port")
        to_port(value.Scalar(), [&](const std::string& m) { fail(e.file, value.Mark(), m); });
    }
  }
}

std::vector<Entry> entries_of(const std::string& file, const YAML::Node& root, bool required) {
  std::vector<Entry> out;
  if (root.IsNull()) {
    if (required) fail(file, root.Mark(), "holds no hosts");
    return out;
  }
  if (!root.IsMap()) fail(file, root.Mark(), "must be a mapping of names to settings");
  for (const auto& item : root) {
    Entry e{item.first.as<std::string>(), file, item.second};
    check_entry(e);
    out.push_back(std::move(e));
  }
  return out;
}

void flatten(const YAML::Node& node, const std::string& prefix,
             std::map<std::string, std::string>* out) {
  if (node.IsMap()) {
    for (const auto& item : node)
      flatten(item.second,
              prefix.empty() ? item.first.as<std::string>()
                             : prefix + "." + item.first.as<std::string>(),
              out);
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
  NornirResolver(std::vector<Entry> groups, Entry defaults) : defaults_(std::move(defaults)) {
    for (Entry& g : groups) groups_.emplace(g.name, std::move(g));
  }

  InventoryHost resolve(const Entry& host) {
    std::vector<const Entry*> chain{&host};
    std::vector<std::string> names;
    add_groups(host, &chain, &names, 0);
    chain.push_back(&defaults_);

    InventoryHost h;
    h.name = host.name;
    h.groups = names;
    h.source = host.file;
    auto first = [&](std::string_view key) -> std::pair<YAML::Node, const Entry*> {
      for (const Entry* e : chain)
        if (e->node.IsMap() && e->node[std::string(key)] && !e->node[std::string(key)].IsNull())
          return {e->node[std::string(key)], e};
      return {YAML::Node(), nullptr};
    };
    if (auto [v, e] = first("hostname"); e) h.hostname = v.Scalar();
    if (auto [v, e] = first("username"); e) h.username = v.Scalar();
    if (auto [v, e] = first("password"); e) h.password = v.Scalar();
    if (auto [v, e] = first("platform"); e) h.platform = v.Scalar();
    if (auto [v, e] = first("port"); e) h.port = to_port(v.Scalar(), [](const std::string&) {});
    for (const Entry* e : chain)
      if (e->node.IsMap() && e->node["data"] && e->node["data"].IsMap()) {
        flatten(e->node["data"], "", &h.data);
        if (h.commands.empty() && e->node["data"]["commands"])
          h.commands = commands_of(*e, e->node["data"]["commands"]);
      }
    h.data.erase("commands");
    if (h.hostname.empty()) h.hostname = h.name;
    return h;
  }

 private:
  void add_groups(const Entry& e, std::vector<const Entry*>* chain, std::vector<std::string>* names,
                  int depth) {
    if (!e.node.IsMap() || !e.node["groups"] || e.node["groups"].IsNull()) return;
    for (const auto& g : e.node["groups"]) {
      auto name = g.as<std::string>();
      auto it = groups_.find(name);
      if (it == groups_.end())
        fail(e.file, g.Mark(), fmt::format("'{}' names an unknown group '{}'", e.name, name));
      if (depth > 32)
        fail(e.file, g.Mark(), fmt::format("groups nest too deep at '{}' (a cycle?)", name));
      if (std::find(names->begin(), names->end(), name) != names->end()) continue;
      names->push_back(name);
      chain->push_back(&it->second);
      add_groups(it->second, chain, names, depth + 1);
    }
  }

  static std::vector<std::string> commands_of(const Entry& e, const YAML::Node& node) {
    std::vector<std::string> out;
    if (node.IsScalar()) out.push_back(node.Scalar());
    if (node.IsSequence())
      for (const auto& c : node) {
        if (!c.IsScalar() || c.Scalar().empty())
          fail(e.file, c.Mark(),
               fmt::format("'data.commands' of '{}' must be command strings", e.name));
        out.push_back(c.Scalar());
      }
    if (out.empty())
      fail(e.file, node.Mark(),
           fmt::format("'data.commands' of '{}' must be a command or a list of commands", e.name));
    return out;
  }

  std::map<std::string, Entry> groups_;
  Entry defaults_;
};

std::vector<InventoryHost> load_nornir(const fs::path& hosts_file) {
  fs::path dir = hosts_file.parent_path();
  std::string hosts_name = hosts_file.string();
  std::vector<Entry> hosts = entries_of(hosts_name, load_yaml(hosts_name), true);
  std::vector<Entry> groups;
  if (fs::exists(dir / "groups.yaml")) {
    std::string file = (dir / "groups.yaml").string();
    groups = entries_of(file, load_yaml(file), false);
  }
  Entry defaults{"defaults", (dir / "defaults.yaml").string(), YAML::Node()};
  if (fs::exists(dir / "defaults.yaml")) {
    defaults.node = load_yaml(defaults.file);
    check_entry(defaults);
  }
  NornirResolver resolver(std::move(groups), std::move(defaults));
  std::vector<InventoryHost> out;
  for (const Entry& host : hosts) {
    out.push_back(resolver.resolve(host));
    out.back().source = fmt::format("{}:{}", hosts_name, host.node.Mark().line + 1);
  }
  return out;
}

void set_field(InventoryHost* h, std::string_view key, const std::string& value,
               const std::function<void(const std::string&)>& bad) {
  if (key == "name") {
    h->name = value;
  } else if (key == "hostname") {
    h->hostname = value;
  } else if (key == "port") {
    h->port = to_port(value, bad);
  } else if (key == "username") {
    h->username = value;
  } else if (key == "platform") {
    h->platform = value;
  } else if (key == "groups") {
    std::stringstream items(value);
    for (std::string g; std::getline(items, g, ';');)
      if (!g.empty()) h->groups.push_back(g);
  } else {
    h->data[std::string(key)] = value;
  }
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

std::vector<InventoryHost> load_csv(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InventoryError(fmt::format("{}: cannot read the file", file));
  std::string line;
  std::vector<std::string> header;
  std::vector<InventoryHost> out;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> cells = split_csv_line(line);
    if (header.empty()) {
      header = cells;
      if (std::find(header.begin(), header.end(), "name") == header.end())
        fail_line(file, number, "the header line must name a 'name' column");
      continue;
    }
    if (cells.size() != header.size())
      fail_line(
          file, number,
          fmt::format("{} cells, but the header names {} columns", cells.size(), header.size()));
    InventoryHost h;
    h.source = fmt::format("{}:{}", file, number);
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (!cells[i].empty())
        set_field(&h, header[i], cells[i],
                  [&](const std::string& m) { fail_line(file, number, m); });
    if (h.name.empty()) fail_line(file, number, "the host has no name");
    if (h.hostname.empty()) h.hostname = h.name;
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<InventoryHost> load_host_list(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InventoryError(fmt::format("{}: cannot read the file", file));
  std::string line;
  std::vector<InventoryHost> out;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::stringstream words(line);
    std::string word;
    if (!(words >> word)) continue;
    InventoryHost h;
    h.name = word;
    h.source = fmt::format("{}:{}", file, number);
    while (words >> word) {
      auto equals = word.find('=');
      std::string key = word.substr(0, equals);
      if (equals == std::string::npos ||
          std::find(kListKeys.begin() + 1, kListKeys.end(), key) == kListKeys.end())
        fail_line(file, number,
                  fmt::format("'{}' is not key=value with a key of: {}", word,
                              fmt::join(std::span(kListKeys).subspan(1), ", ")));
      set_field(&h, key, word.substr(equals + 1),
                [&](const std::string& m) { fail_line(file, number, m); });
    }
    if (h.hostname.empty()) h.hostname = h.name;
    out.push_back(std::move(h));
  }
  return out;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

}  // namespace

std::vector<InventoryHost> load_inventory(const std::string& path) {
  fs::path p(path);
  std::error_code error;
  std::vector<InventoryHost> hosts;
  if (fs::is_directory(p, error)) {
    if (!fs::exists(p / "hosts.yaml"))
      throw InventoryError(fmt::format("{}: no hosts.yaml in this directory", path));
    hosts = load_nornir(p / "hosts.yaml");
  } else if (!fs::exists(p, error)) {
    throw InventoryError(fmt::format("{}: no such file or directory", path));
  } else if (p.extension() == ".yaml" || p.extension() == ".yml") {
    hosts = load_nornir(p);
  } else if (p.extension() == ".csv") {
    hosts = load_csv(path);
  } else {
    hosts = load_host_list(path);
  }
  std::set<std::string> names;
  for (const InventoryHost& h : hosts)
    if (!names.insert(h.name).second)
      throw InventoryError(fmt::format("{}: host '{}' is listed twice", h.source, h.name));
  if (hosts.empty()) throw InventoryError(fmt::format("{}: holds no hosts", path));
  return hosts;
}

std::vector<InventoryHost> select_hosts(std::vector<InventoryHost> hosts,
                                        const std::vector<std::string>& limit,
                                        const std::vector<std::string>& filters) {
  struct Filter {
    std::string field;
    std::string pattern;
  };
  std::vector<Filter> parsed;
  for (const std::string& f : filters) {
    auto equals = f.find('=');
    std::string field = f.substr(0, equals);
    bool known = field == "name" || field == "hostname" || field == "platform" ||
                 field == "group" || (field.starts_with("data.") && field.size() > 5);
    if (equals == std::string::npos || !known)
      throw InventoryError(fmt::format(
          "--filter '{}': use FIELD=GLOB with FIELD one of name, hostname, platform, group, "
          "data.KEY",
          f));
    parsed.push_back({field, f.substr(equals + 1)});
  }
  auto holds = [](const Filter& f, const InventoryHost& h) {
    if (f.field == "name") return glob_match(f.pattern, h.name);
    if (f.field == "hostname") return glob_match(f.pattern, h.hostname);
    if (f.field == "platform") return glob_match(f.pattern, h.platform);
    if (f.field == "group")
      return std::any_of(h.groups.begin(), h.groups.end(),
                         [&](const std::string& g) { return glob_match(f.pattern, g); });
    auto it = h.data.find(f.field.substr(5));
    return it != h.data.end() && glob_match(f.pattern, it->second);
  };
  std::erase_if(hosts, [&](const InventoryHost& h) {
    bool limited =
        !limit.empty() && std::none_of(limit.begin(), limit.end(),
                                       [&](const std::string& l) { return glob_match(l, h.name); });
    return limited ||
           !std::all_of(parsed.begin(), parsed.end(), [&](const Filter& f) { return holds(f, h); });
  });
  return hosts;
}

}  // namespace cfgsweep
