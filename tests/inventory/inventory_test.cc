#include "inventory/inventory.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace cfgsweep;

namespace {

// A temporary directory holding inventory files, removed with it.
class InventoryDir {
 public:
  InventoryDir() {
    char pattern[] = "/tmp/cfgsweep-inventory-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  ~InventoryDir() { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  const std::string& path() const { return dir_; }

 private:
  std::string dir_;
};

// The error's lines, with the directory taken out of each, one per line (doctest shows
// strings in full when they differ).
std::string mistakes_of(const Result<std::vector<InventoryHost>>& loaded, const std::string& dir) {
  std::string lines;
  if (loaded) return lines;
  std::string message = loaded.error().message;
  for (std::size_t start = 0; start <= message.size();) {
    std::size_t end = message.find('\n', start);
    std::string line = message.substr(start, end - start);
    if (line.starts_with(dir)) line.erase(0, dir.size() + 1);
    lines += line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::string lines_of(std::initializer_list<std::string> lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("a Nornir inventory reports every mistake, each with its file, line and column") {
  InventoryDir dir;
  dir.write("hosts.yaml",
            "r1:\n"
            "  hostname: 10.0.0.1\n"
            "  prot: 22\n"  // a typo: unknown key
            "r2:\n"
            "  port: 70000\n"              // out of range
            "  groups: [core, nowhere]\n"  // one unknown group
            "r3:\n"
            "  platform: ios\n");
  dir.write("groups.yaml", "core:\n  username: [a, b]\n");  // not a single value
  auto loaded = load_inventory(dir.path());
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().status == ExitStatus::kUsage);
  std::string expected = lines_of({
      "hosts.yaml:3:3: unknown key 'prot' in 'r1' (expected one of: hostname, port, username, "
      "password, platform, groups, data, connection_options)",
      "hosts.yaml:5:9: port '70000' is not a number from 1 to 65535",
      "groups.yaml:2:13: 'username' of 'core' must be a single value",
      "hosts.yaml:6:18: 'r2' names an unknown group 'nowhere'",
  });
  CHECK(mistakes_of(loaded, dir.path()) == expected);
}

TEST_CASE("an unknown group is reported for every host that names it") {
  InventoryDir dir;
  dir.write("hosts.yaml", "r1:\n  groups: [edge]\nr2:\n  groups: [edge, core]\n");
  dir.write("groups.yaml", "core: {}\n");
  auto loaded = load_inventory(dir.path());
  std::string expected = lines_of({
      "hosts.yaml:2:12: 'r1' names an unknown group 'edge'",
      "hosts.yaml:4:12: 'r2' names an unknown group 'edge'",
  });
  CHECK(mistakes_of(loaded, dir.path()) == expected);
}

TEST_CASE("CSV and host lists: every bad row and every duplicate host") {
  InventoryDir dir;
  std::string csv = dir.write("hosts.csv",
                              "name,hostname,port\n"
                              "r1,10.0.0.1,22\n"
                              "r2,10.0.0.2,abc\n"   // bad port
                              "r3,10.0.0.3\n"       // a cell short
                              "r1,10.0.0.9,22\n");  // r1 again
  std::string expected = lines_of({
      "hosts.csv:3: port 'abc' is not a number from 1 to 65535",
      "hosts.csv:4: 2 cells, but the header names 3 columns",
      "hosts.csv:5: host 'r1' is listed twice",
  });
  CHECK(mistakes_of(load_inventory(csv), dir.path()) == expected);

  std::string list = dir.write("hosts.txt", "r1 port=0\nr2 colour=blue\nr3 hostname=h3\n");
  expected = lines_of({
      "hosts.txt:1: port '0' is not a number from 1 to 65535",
      "hosts.txt:2: 'colour=blue' is not key=value with a key of: hostname, port, username, "
      "platform, groups",
  });
  CHECK(mistakes_of(load_inventory(list), dir.path()) == expected);
}

TEST_CASE("a good inventory loads; a missing one is 'no input', not a usage error") {
  InventoryDir dir;
  std::string list = dir.write("hosts.txt", "# lab\nr1 hostname=10.0.0.1 port=2222 groups=a;b\n");
  auto loaded = load_inventory(list);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  CHECK(loaded->front().hostname == "10.0.0.1");
  CHECK(loaded->front().port == 2222);
  CHECK(loaded->front().groups == std::vector<std::string>{"a", "b"});
  auto missing = load_inventory(dir.path() + "/nothing.csv");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().status == ExitStatus::kNoInput);
  auto selected = select_hosts(*loaded, {}, {"colour=blue", "name=r*", "data."});
  REQUIRE_FALSE(selected);
  CHECK(selected.error().message.find("--filter 'colour=blue'") == 0);
  CHECK(selected.error().message.find("--filter 'data.'") != std::string::npos);
}

// yaml-cpp reads a directory until ios_base::failure: it was an uncaught exception, exit 70.
TEST_CASE("an inventory file that is a directory is a mistake naming it") {
  InventoryDir dir;
  std::filesystem::create_directory(dir.path() + "/hosts.yaml");
  auto loaded = load_inventory(dir.path());
  CHECK(mistakes_of(loaded, dir.path()) ==
        lines_of({"hosts.yaml: a directory, not an inventory file"}));
}
