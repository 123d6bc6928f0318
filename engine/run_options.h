#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cfgsweep {

// What `cfgsweep fetch` was asked to do (secrets are read from the environment or a file
// when the run starts, never taken from the command line).
struct FetchOptions {
  std::string inventory;
  std::vector<std::string> limit;
  std::vector<std::string> filter;
  std::string out;  // empty: fetch and report, save nothing
  unsigned concurrency = 100;
  double connect_timeout = 10;  // seconds: TCP, key exchange, authentication
  double command_timeout = 60;  // seconds, per command
  double deadline = 0;          // seconds for the whole run; 0: none
  int retries = 2;
  std::string host_keys = "strict";  // strict, accept-new, off
  std::string known_hosts;
  std::string ssh_config;
  std::vector<std::string> identities;
  std::string password_env;
  std::string password_file;
  std::string passphrase_env;
  std::string username;
  std::string mode = "exec";  // exec or shell
  std::string prompt;         // shell mode: RE2 for the prompt; empty: the default
  std::string enable_secret_env;
  bool redact = false;  // secrets out of the saved configs
};

// Everything a cfgsweep command was asked to do, validated by the CLI.
struct RunOptions {
  enum class Command { kParse, kQuery, kShow, kFetch, kRun, kCheck, kDiff };
  Command command = Command::kParse;
  std::vector<std::string> paths;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  unsigned jobs = 0;             // worker processes
  std::string output;            // empty or "-": stdout
  bool ordered = false;          // results in input order instead of as completed
  double timeout_per_file = 60;  // seconds, per attempt
  uint64_t max_file_size = 128ull << 20;
  uint64_t worker_memory = 1ull << 30;
  std::string format;         // empty: detect per file
  std::string vendor;         // empty: detect per file
  bool show_secrets = false;  // SNMP community names in clear in the model
  // cfgsweep query
  std::vector<std::string> match;
  std::vector<std::string> child;
  std::vector<std::string> no_child;
  // cfgsweep show
  std::string show_mode = "model";  // "tree", "model" or "json"
  // cfgsweep fetch / run
  FetchOptions fetch;
  // cfgsweep check (and run --policy)
  std::string policy;
  std::string fail_on = "low";       // the lowest severity of a failed rule that makes exit 1
  std::vector<std::string> reports;  // --report FORMAT=PATH
  // cfgsweep diff
  bool diff_text = false;  // a short summary for people instead of JSON
  bool quiet = false;      // no summary, no progress
  bool progress = false;   // set when stderr is a terminal and not quiet
};

}  // namespace cfgsweep
