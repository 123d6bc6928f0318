#include "common/json_writer.h"
#include "common/device_name.h"

#include <doctest/doctest.h>

#include "common/json_document.h"
#include "common/result_record.h"

using namespace cfgsweep;

TEST_CASE("strings are escaped and invalid UTF-8 becomes U+FFFD") {
  JsonWriter json;
  json.begin_object();
  json.field("quote", std::string_view("say \"hi\"\n\ttab"));
  json.field("latin1", std::string_view("caf\xe9"));
  json.field("valid", std::string_view("caf\xc3\xa9"));
  json.field("overlong", std::string_view("\xc0\xaf"));
  json.field("surrogate", std::string_view("\xed\xa0\x80"));
  json.end_object();
  CHECK(json.view() == R"({"quote":"say \"hi\"\n\ttab","latin1":"caf)"
                       "\xEF\xBF\xBD"
                       R"(","valid":"café","overlong":")"
                       "\xEF\xBF\xBD\xEF\xBF\xBD"
                       R"(","surrogate":")"
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                       R"("})");
}

TEST_CASE("a result record has the documented fields") {
  ResultRecord record;
  record.source = "a/b.tar.gz";
  record.member = "r1.cfg";
  record.device = "r1";
  record.status = ResultStatus::kTimeout;
  record.attempts = 2;
  record.errors.push_back({std::nullopt, "timeout", "too slow"});
  JsonWriter json;
  write_result_json(record, &json);
  CHECK(
      json.view() ==
      R"({"source":"a/b.tar.gz","member":"r1.cfg","device":"r1","status":"timeout","format":null,)"
      R"("vendor":null,"bytes":0,"lines":0,"parse_ms":0.0,"attempts":2,)"
      R"("errors":[{"line":null,"code":"timeout","message":"too slow"}],"warnings":[]})");
}

TEST_CASE("archive member labels split back into archive and member") {
  std::string source, member;
  split_label(archive_member_label("x.tar", "dir/r1.cfg"), &source, &member);
  CHECK(source == "x.tar");
  CHECK(member == "dir/r1.cfg");
  split_label("plain/path.cfg", &source, &member);
  CHECK(source == "plain/path.cfg");
  CHECK(member.empty());
}

TEST_CASE("a document built by the writer's calls equals the text they write, parsed back") {
  auto write = [](JsonWriter& json) {
    json.begin_object();
    json.field("name", std::string_view("caf\xe9"));  // sanitized the same way
    json.key("list");
    json.begin_array();
    json.number(uint64_t{18446744073709551615u});
    json.number(int64_t{-3});
    json.number(2.5);
    json.boolean(true);
    json.null();
    json.begin_object();
    json.end_object();
    json.begin_array();
    json.end_array();
    json.end_array();
    json.key("nested");
    json.begin_object();
    json.field("a", uint64_t{1});
    json.field("b", std::string_view("x"));
    json.end_object();
    json.end_object();
  };
  JsonWriter text;
  write(text);
  rapidjson::Document parsed;
  parsed.Parse(text.view().data(), text.view().size());
  REQUIRE(!parsed.HasParseError());
  JsonDocument built;
  built.build(write);
  CHECK(built.root() == parsed);
  CHECK(built.root()["list"].Size() == 7);
  CHECK(built.root()["nested"].MemberCount() == 2);
  built.build([](JsonWriter& json) { json.string("again"); });  // reusable
  CHECK(std::string_view(built.root().GetString()) == "again");
}

TEST_CASE("a result's device: the file name without extensions, the hostname, or the path") {
  CHECK(file_device_name("/srv/backups/edge1.junos.conf") == "edge1");
  CHECK(file_device_name("core1.example.net.cfg") == "core1.example.net");
  CHECK(file_device_name("configs/R1.CFG") == "R1");
  CHECK(file_device_name("rancid/configs/sw9") == "sw9");
  CHECK(file_device_name(".cfg") == ".cfg");
  CHECK(device_name(DeviceFrom::kName, "a/b.tar.gz", "site/r2.cfg", false, "x") == "r2");
  CHECK(device_name(DeviceFrom::kHostname, "a/r3.cfg", "", false, "core-3") == "core-3");
  CHECK(device_name(DeviceFrom::kHostname, "a/r3.cfg", "", false, "") == "r3");
  CHECK(device_name(DeviceFrom::kPath, "a/b.tar.gz", "site/r2.cfg", false, "") ==
        "a/b.tar.gz:site/r2.cfg");
  // A fetched config's source is its device's inventory name, whatever --device-from says.
  CHECK(device_name(DeviceFrom::kHostname, "edge1.example.net", "show running-config", true,
                    "other") == "edge1.example.net");
}
