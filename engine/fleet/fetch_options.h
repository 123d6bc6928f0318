#pragma once

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

}  // namespace cfgsweep
