#include "inventory/inventory.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "inventory/nornir_inventory.h"

namespace cfgsweep {

namespace {

namespace fs = std::filesystem;

constexpr auto kListKeys =
    std::to_array<std::string_view>({"name", "hostname", "port", "username", "platform", "groups"});

// Sets one column or key=value of a CSV row or host-list line; false (with the mistake in
// `why`) for a bad value.
bool set_field(InventoryHost* h, std::string_view key, const std::string& value, std::string* why) {
  if (key == "name") {
    h->name = value;
  } else if (key == "hostname") {
    h->hostname = value;
  } else if (key == "port") {
    std::optional<uint16_t> port = port_from_text(value);
    if (!port) {
      *why = fmt::format("port '{}' is not a number from 1 to 65535", value);
      return false;
    }
    h->port = *port;
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
  return true;
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

// One host being read from one line of a CSV file or a host list: each mistake is recorded
// with the line, and the host counts only when the line has none.
class HostLine {
 public:
  HostLine(const std::string& file, std::size_t number, Diagnostics* mistakes)
      : file_(file), number_(number), mistakes_(mistakes) {
    host_.source = fmt::format("{}:{}", file, number);
  }
  void mistake(std::string_view why) {
    mistakes_->add(located(file_, number_, 0, why));
    ok_ = false;
  }
  // One column or key=value; a bad value is a mistake.
  void set(std::string_view key, const std::string& value) {
    std::string why;
    if (!set_field(&host_, key, value, &why)) mistake(why);
  }
  InventoryHost& host() { return host_; }
  std::optional<InventoryHost> finish() {
    if (host_.hostname.empty()) host_.hostname = host_.name;
    return ok_ ? std::optional(std::move(host_)) : std::nullopt;
  }

 private:
  const std::string& file_;
  std::size_t number_;
  Diagnostics* mistakes_;
  InventoryHost host_;
  bool ok_ = true;
};

// One CSV row as a host; nullopt with its mistakes recorded when a cell is bad.
std::optional<InventoryHost> csv_host(const std::string& file, std::size_t number,
                                      const std::vector<std::string>& header,
                                      const std::vector<std::string>& cells,
                                      Diagnostics* mistakes) {
  HostLine row(file, number, mistakes);
  if (cells.size() != header.size()) {
    row.mistake(
        fmt::format("{} cells, but the header names {} columns", cells.size(), header.size()));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (!cells[i].empty()) row.set(header[i], cells[i]);
  if (row.host().name.empty()) row.mistake("the host has no name");
  return row.finish();
}

std::vector<InventoryHost> load_csv(std::istream& in, const std::string& file,
                                    Diagnostics* mistakes) {
  std::string line;
  std::vector<std::string> header;
  std::vector<InventoryHost> out;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> cells = split_csv_line(line);
    if (header.empty()) {
      header = cells;
      if (std::find(header.begin(), header.end(), "name") == header.end()) {
        mistakes->add(located(file, number, 0, "the header line must name a 'name' column"));
        return out;  // without names, no row can be read
      }
      continue;
    }
    if (auto host = csv_host(file, number, header, cells, mistakes))
      out.push_back(std::move(*host));
  }
  return out;
}

// One line of a host list, "NAME [key=value ...]", as a host; nullopt for a blank or
// comment line, and for a line with mistakes (recorded).
std::optional<InventoryHost> listed_host(const std::string& file, std::size_t number,
                                         const std::string& line, Diagnostics* mistakes) {
  std::stringstream words(line.substr(0, line.find('#')));
  std::string word;
  if (!(words >> word)) return std::nullopt;
  HostLine entry(file, number, mistakes);
  entry.host().name = word;
  while (words >> word) {
    auto equals = word.find('=');
    std::string key = word.substr(0, equals);
    if (equals != std::string::npos &&
        std::find(kListKeys.begin() + 1, kListKeys.end(), key) != kListKeys.end())
      entry.set(key, word.substr(equals + 1));
    else
      entry.mistake(fmt::format("'{}' is not key=value with a key of: {}", word,
                                fmt::join(std::span(kListKeys).subspan(1), ", ")));
  }
  return entry.finish();
}

std::vector<InventoryHost> load_host_list(std::istream& in, const std::string& file,
                                          Diagnostics* mistakes) {
  std::string line;
  std::vector<InventoryHost> out;
  for (std::size_t number = 1; std::getline(in, line); ++number)
    if (auto host = listed_host(file, number, line, mistakes)) out.push_back(std::move(*host));
  return out;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// The hosts of `path` by what it is (see load_inventory), or an error when it cannot be
// read at all.
Result<std::vector<InventoryHost>> read_hosts(const std::string& path, Diagnostics* mistakes) {
  fs::path p(path);
  std::error_code error;
  if (fs::is_directory(p, error)) {
    if (!fs::exists(p / "hosts.yaml"))
      return make_error(ExitStatus::kNoInput,
                        fmt::format("{}: no hosts.yaml in this directory", path));
    return load_nornir(p / "hosts.yaml", mistakes);
  }
  if (!fs::exists(p, error))
    return make_error(ExitStatus::kNoInput, fmt::format("{}: no such file or directory", path));
  if (p.extension() == ".yaml" || p.extension() == ".yml") return load_nornir(p, mistakes);
  std::ifstream in(path);
  if (!in) return make_error(ExitStatus::kNoInput, fmt::format("{}: cannot read the file", path));
  if (p.extension() == ".csv") return load_csv(in, path, mistakes);
  return load_host_list(in, path, mistakes);
}

}  // namespace

Result<std::vector<InventoryHost>> load_inventory(const std::string& path) {
  Diagnostics mistakes;
  Result<std::vector<InventoryHost>> hosts = read_hosts(path, &mistakes);
  if (!hosts) return hosts;
  std::set<std::string> names;
  for (const InventoryHost& h : *hosts)
    if (!names.insert(h.name).second)
      mistakes.add(fmt::format("{}: host '{}' is listed twice", h.source, h.name));
  if (hosts->empty() && mistakes.empty()) mistakes.add(fmt::format("{}: holds no hosts", path));
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  return hosts;
}

std::optional<std::string> host_field(const InventoryHost& host, std::string_view field) {
  if (field == "name") return host.name;
  if (field == "hostname") return host.hostname;
  if (field == "platform") return host.platform;
  auto it = host.data.find(std::string(field.substr(5)));
  if (it == host.data.end()) return std::nullopt;
  return it->second;
}

std::string host_description(const InventoryHost& host) {
  std::string text = host.name + '\0' + host.hostname + '\0' + std::to_string(host.port) + '\0' +
                     host.username + '\0' + host.platform + '\0';
  for (const std::string& group : host.groups) text += group + '\1';
  for (const auto& [key, value] : host.data) text += key + '=' + value + '\1';
  for (const std::string& command : host.commands) text += command + '\1';
  for (const std::string& file : host.files) text += file + '\1';
  return text;
}

bool is_shard_field(std::string_view field) {
  return field == "name" || field == "hostname" || field == "platform" ||
         (field.starts_with("data.") && field.size() > 5);
}

Result<std::vector<InventoryHost>> select_hosts(std::vector<InventoryHost> hosts,
                                                const std::vector<std::string>& limit,
                                                const std::vector<std::string>& filters) {
  struct Filter {
    std::string field;
    std::string pattern;
  };
  std::vector<Filter> parsed;
  Diagnostics mistakes;
  for (const std::string& f : filters) {
    auto equals = f.find('=');
    std::string field = f.substr(0, equals);
    bool known = field == "name" || field == "hostname" || field == "platform" ||
                 field == "group" || (field.starts_with("data.") && field.size() > 5);
    if (equals == std::string::npos || !known)
      mistakes.add(fmt::format(
          "--filter '{}': use FIELD=GLOB with FIELD one of name, hostname, platform, group, "
          "data.KEY",
          f));
    else
      parsed.push_back({field, f.substr(equals + 1)});
  }
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
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
