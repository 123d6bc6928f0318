// A shard manifest (FILE.shard.json, which merge reads from a shared volume or object
// storage) of any bytes: an error, or a manifest whose fields merge may trust: an index below
// its count, one position per line, a results name without a '/' (it cannot point outside
// the manifest's folder). Never a crash.
#include "engine/shard_manifest.h"
#include "fuzz_support.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto manifest = parse_shard_manifest(fuzz::as_text(data, size), "fuzz.shard.json");
  if (!manifest) {
    fuzz::fuzz_check(manifest.error().status == ExitStatus::kUsage, "a bad manifest is kUsage");
    return 0;
  }
  fuzz::fuzz_check(manifest->shard.count >= 1 && manifest->shard.index < manifest->shard.count,
                   "index below count");
  fuzz::fuzz_check(manifest->positions.size() == manifest->lines, "one position per line");
  fuzz::fuzz_check(!manifest->results.empty() && manifest->results.find('/') == std::string::npos,
                   "results beside the manifest");
  return 0;
}
