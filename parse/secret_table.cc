#include "parse/secret_table.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <memory>

#include "parse/words.h"

namespace cfgsweep {

namespace {

// --- line syntaxes

// A rule for lines whose first word is `first_word`: every capture group of `pattern`
// (matched from the line's start) that takes part in the match is a secret. A pattern
// without groups says "no secret on this line" and stops the keyword scan (key-chain names,
// "password encryption aes"). `block`: the rule applies only below a line starting so.
struct LineRule {
  std::string_view first_word;
  std::string_view block;
  const char* pattern;
};

// A secret, quoted or not: the quotes stay.
#define SECRET R"re((?:"([^"]*)"|(\S+)))re"
#define TYPE R"((?: (?:\d+|sha512|sha256|pbkdf2|scrypt|encrypted|clear|password))?)"

constexpr std::array kLineRules = {
    // IOS, IOS-XE, IOS-XR, NX-OS, EOS, ASA, FRR
    LineRule{"area", "", R"(area \S+ (?:.* )?authentication-key)" TYPE " " SECRET},
    LineRule{"area", "", R"(area \S+ (?:.* )?message-digest-key \d+ md5)" TYPE " " SECRET},
    LineRule{"authentication", "", R"(authentication (?:md5 )?key-chain)"},
    LineRule{"authentication", "", R"(authentication (?:text|md5 key-string)(?: \d)? )" SECRET},
    LineRule{"client", "", R"(client \S+ (?:.* )?server-key)" TYPE " " SECRET},
    LineRule{"crypto", "", R"(crypto isakmp key)" TYPE " " SECRET},
    LineRule{"description", "", "description"},  // free text: "password reset desk"
    LineRule{"enable", "", R"(enable (?:secret|password)(?: level \d+)?)" TYPE " " SECRET},
    LineRule{"failover", "", R"(failover key)" TYPE " " SECRET},
    LineRule{"glbp", "", R"(glbp \d+ authentication (?:md5 )?key-chain)"},
    LineRule{"glbp", "", R"(glbp \d+ authentication (?:text|md5 key-string(?: \d)?) )" SECRET},
    LineRule{"ikev1", "", R"(ikev1 pre-shared-key)" TYPE " " SECRET},
    LineRule{"ikev2", "",
             R"(ikev2 (?:local|remote)-authentication pre-shared-key)" TYPE " " SECRET},
    LineRule{"ip", "", R"(ip ospf authentication-key)" TYPE " " SECRET},
    LineRule{"ip", "", R"(ip ospf message-digest-key \d+ md5)" TYPE " " SECRET},
    LineRule{"ip", "", R"(ip nhrp authentication )" SECRET},
    LineRule{"ip", "", R"(ip rip authentication string )" SECRET},
    LineRule{"ipv6", "", R"(ipv6 ospf authentication ipsec spi \d+ \S+)" TYPE " " SECRET},
    LineRule{"ipv6", "", R"(ipv6 ospf6 authentication .*\bkey )" SECRET},
    LineRule{"isis", "", R"(isis (?:password|authentication key)(?: clear| md5| \d)? )" SECRET},
    LineRule{"key", "", R"(key config-key password-encrypt )" SECRET},
    LineRule{"key-string", "", R"(key-string(?: \d+| password| clear| encrypted)? )" SECRET},
    LineRule{"message-digest-key", "", R"(message-digest-key \d+ md5)" TYPE " " SECRET},
    LineRule{"key", "radius", R"(key)" TYPE " " SECRET},
    LineRule{"key", "tacacs", R"(key)" TYPE " " SECRET},
    LineRule{"key", "aaa-server", R"(key)" TYPE " " SECRET},
    LineRule{"neighbor", "", R"(neighbor \S+ password)" TYPE " " SECRET},
    LineRule{"ntp", "", R"(ntp authentication-key \d+ \S+)" TYPE " " SECRET},
    LineRule{"passwd", "", R"(passwd )" SECRET},
    LineRule{"password", "", R"(password (?:encryption|strength-check|policy))"},
    LineRule{"remark", "", "remark"},
    LineRule{"ppp", "", R"(ppp chap password)" TYPE " " SECRET},
    LineRule{"ppp", "", R"(ppp pap sent-username \S+ password)" TYPE " " SECRET},
    LineRule{"pre-shared-key", "",
             R"(pre-shared-key(?: address \S+(?: \S+)? key| hostname \S+ key| local| remote)?)" TYPE
             " " SECRET},
    LineRule{"radius-server", "", R"(radius-server (?:host \S+ (?:.* )?)?key)" TYPE " " SECRET},
    LineRule{"server-private", "", R"(server-private \S+ (?:.* )?key)" TYPE " " SECRET},
    LineRule{"snmp-server", "", R"(snmp-server community )" SECRET},
    LineRule{"snmp-server", "", R"(snmp-server host .* community )" SECRET},
    LineRule{"snmp-server", "", R"(snmp-server host .* version 3 )"},
    LineRule{
        "snmp-server", "",
        R"(snmp-server host \S+(?: vrf \S+)?(?: informs| traps)?(?: version (?:1|2c))? )" SECRET},
    LineRule{"snmp-server", "",
             R"(snmp-server user .* auth (?:md5|sha\S*)(?: \d| encrypted| clear)? )" SECRET},
    LineRule{
        "snmp-server", "",
        R"(snmp-server user .* priv (?:(?:des|3des|aes|aes-?128|aes-?192|aes-?256|128|192|256|encrypted|clear) )*)" SECRET},
    LineRule{"standby", "", R"(standby(?: \d+)? authentication (?:md5 )?key-chain)"},
    LineRule{"standby", "",
             R"(standby(?: \d+)? authentication (?:text |md5 key-string(?: \d)? )?)" SECRET},
    LineRule{"tacacs-server", "", R"(tacacs-server (?:host \S+ (?:.* )?)?key)" TYPE " " SECRET},
    LineRule{"tunnel", "", R"(tunnel key )" SECRET},
    LineRule{"username", "", R"(username \S+ (?:.* )?(?:secret|password))" TYPE " " SECRET},
    LineRule{"vrrp", "", R"(vrrp \d+ authentication (?:md5 )?key-chain)"},
    LineRule{"vrrp", "", R"(vrrp \d+ authentication (?:text |md5 key-string(?: \d)? )?)" SECRET},
    LineRule{"wpa-psk", "", R"(wpa-psk(?: (?:ascii|hex)(?: \d)?)? )" SECRET},
    // FortiOS: `set NAME VALUE`; the community's name is its secret
    LineRule{"set", "config system snmp community", R"(set name )" SECRET},
    LineRule{"set", "", R"(set (?:key|md5-key|ppk-secret|authentication-key) (?:ENC )?)" SECRET},
};

#undef SECRET
#undef TYPE

struct CompiledLineRule {
  const LineRule* rule;
  std::unique_ptr<RE2> re;
};

// The rules sorted by first word, compiled once per process.
const std::vector<CompiledLineRule>& line_rules() {
  static const auto compiled = [] {
    std::vector<CompiledLineRule> out;
    for (const LineRule& rule : kLineRules)
      out.push_back({&rule, std::make_unique<RE2>(rule.pattern, RE2::Quiet)});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.rule->first_word < b.rule->first_word;
    });
    return out;
  }();
  return compiled;
}

// Words after which the next word (past type words) is a secret, in any line syntax; and
// words ending so ("ldap-login-password", "lsp-password", "domain-password").
constexpr std::array<std::string_view, 13> kSecretWords = {
    "password",   "secret",       "passwd",         "key-string",        "authentication-key",
    "server-key", "psksecret",    "pre-shared-key", "pre-shared-secret", "auth-pwd",
    "priv-pwd",   "sso-password", "private-key"};

bool ends_like_secret_word(std::string_view word) {
  if (word == "nopassword") return false;
  return word.ends_with("password") || word.ends_with("-passwd") || word.ends_with("-secret") ||
         word.ends_with("password-value") || word.ends_with("-psk");
}

bool is_secret_word(std::string_view word) {
  return std::find(kSecretWords.begin(), kSecretWords.end(), word) != kSecretWords.end() ||
         ends_like_secret_word(word);
}

// Words between a secret keyword and its secret that say what kind it is.
bool is_type_word(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kTypes = {
      "sha512", "sha256", "pbkdf2", "scrypt", "encrypted", "clear",
      "md5",    "ENC",    "text",   "ascii",  "hex",       "hmac-md5"};
  if (!word.empty() && word.size() <= 2 &&
      std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  return std::find(kTypes.begin(), kTypes.end(), word) != kTypes.end();
}

bool contains(std::string_view container, std::string_view part) {
  return part.data() >= container.data() &&
         part.data() + part.size() <= container.data() + container.size();
}

// A password hash or reversible secret by its form alone: crypt ("$1$", "$6$", "$9$", "$y$",
// "$2b$"...), PAN-OS encrypted values ("-AQ==").
bool is_hash_form(std::string_view word) {
  if (word.size() >= 2 && word.front() == '"') word.remove_prefix(1);
  if (word.starts_with("-AQ==")) return true;
  if (word.size() < 4 || word[0] != '$') return false;
  std::size_t end = word.find('$', 1);
  if (end == std::string_view::npos || end == 1 || end > 4) return false;
  return std::all_of(word.begin() + 1, word.begin() + static_cast<std::ptrdiff_t>(end),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

void add_token(std::string_view field, std::string_view secret, bool in_value,
               std::vector<SecretToken>* out) {
  if (secret.empty() || !contains(field, secret)) return;
  if (secret.size() >= 2 && secret.front() == '"' && secret.back() == '"')
    secret = secret.substr(1, secret.size() - 2);
  // A hash keeps its "$6$" or "$9$": the kind of hash is no secret, and the model and
  // policies tell weak hashes from strong by it.
  if (is_hash_form(secret) && secret.front() == '$') secret.remove_prefix(secret.find('$', 1) + 1);
  if (secret.empty()) return;
  out->push_back(SecretToken{.in_value = in_value,
                             .begin = static_cast<uint32_t>(secret.data() - field.data()),
                             .length = static_cast<uint32_t>(secret.size())});
}

bool inside_block(const ConfigTree& tree, int32_t node, std::string_view block) {
  for (int32_t at = tree.node(node).parent; at > ConfigTree::kRoot; at = tree.node(at).parent)
    if (tree.node(at).text.starts_with(block)) return true;
  return false;
}

// Applies the rules of the line's first word; false when one says there is no secret.
bool apply_line_rules(std::string_view line, const ConfigTree* tree, int32_t node,
                      std::vector<SecretToken>* out) {
  std::string_view first = line.substr(0, find_blank(line, 0));
  const auto& rules = line_rules();
  auto range =
      std::equal_range(rules.begin(), rules.end(), first, [](const auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, std::string_view>)
          return a < b.rule->first_word;
        else
          return a.rule->first_word < b;
      });
  for (auto it = range.first; it != range.second; ++it) {
    if (!it->rule->block.empty() && (!tree || !inside_block(*tree, node, it->rule->block)))
      continue;
    std::array<re2::StringPiece, 4> groups;
    int count = std::min(it->re->NumberOfCapturingGroups() + 1, static_cast<int>(groups.size()));
    if (!it->re->Match(line, 0, line.size(), RE2::ANCHOR_START, groups.data(), count)) continue;
    if (count == 1) return false;
    for (int g = 1; g < count; ++g)
      if (groups[g].data()) add_token(line, {groups[g].data(), groups[g].size()}, false, out);
  }
  return true;
}

// Any word after a secret keyword, past its type words; any word in a hash form.
void apply_keyword_scan(std::string_view line, std::vector<SecretToken>* out) {
  Words words(line);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view word = words[i];
    if (is_hash_form(word)) {
      add_token(line, word, false, out);
      continue;
    }
    if (word == "ENC" && i + 1 < words.size()) {  // FortiOS's encrypted values
      add_token(line, words[++i], false, out);
      continue;
    }
    if (!is_secret_word(word)) continue;
    std::size_t j = i + 1;
    while (j + 1 < words.size() && is_type_word(words[j])) ++j;
    // "hello-password keychain NAME" names a key chain, which is no secret.
    bool names_chain = j < words.size() && (words[j] == "keychain" || words[j] == "key-chain");
    if (j < words.size() && !is_type_word(words[j]) && !names_chain)
      add_token(line, words[j], false, out);
    i = j;
  }
}

// Sorts the tokens and drops those that overlap an earlier one.
void normalise(std::vector<SecretToken>* tokens, std::size_t first) {
  auto begin = tokens->begin() + static_cast<std::ptrdiff_t>(first);
  std::sort(begin, tokens->end(), [](const SecretToken& a, const SecretToken& b) {
    return a.in_value != b.in_value ? !a.in_value : a.begin < b.begin;
  });
  auto kept = begin;
  for (auto it = begin; it != tokens->end(); ++it) {
    if (kept != begin) {
      const SecretToken& last = *(kept - 1);
      if (last.in_value == it->in_value && it->begin < last.begin + last.length) continue;
    }
    *kept++ = *it;
  }
  tokens->erase(kept, tokens->end());
}

void find_line_node_secrets(const ConfigTree& tree, int32_t node, std::vector<SecretToken>* out) {
  std::string_view line = tree.node(node).text;
  if (apply_line_rules(line, &tree, node, out)) apply_keyword_scan(line, out);
}

// --- hierarchical syntaxes

// Keywords whose argument (the node's value) or whose leaf children are secrets.
constexpr std::array<std::string_view, 37> kSecretKeywords = {
    "api-key",
    "apikey",
    "ascii-text",
    "auth-password",
    "authentication-key",
    "authentication-password",
    "authkey",
    "authpwd",
    "encrypted-password",
    "hashed-password",
    "hexadecimal",
    "key",
    "md5-key",
    "passphrase",
    "passwd",
    "password",
    "password-hash",
    "phash",
    "plaintext-password",
    "pre-shared-secret",
    "preshared-key",
    "priv-password",
    "privacy-key",
    "privacy-password",
    "private-key",
    "privpwd",
    "psk",
    "psksecret",
    "secret",
    "shared-secret",
    "shared-secret-key",
    "simple-password",
    "snmp-community-string",
    "community-string",
    "wpa-psk",
    "pre-shared-key",
    "server-key",
};

// Keywords whose children's names are secrets, leaf or not: SNMP communities, and NVUE's
// SNMPv3 keys ("auth-sha: KEY: encrypt-aes: KEY2").
constexpr std::array<std::string_view, 10> kNameKeywords = {
    "community",   "readonly-community", "readwrite-community", "snmp-community-string",
    "auth-md5",    "auth-sha",           "encrypt-aes",         "encrypt-des",
    "auth-sha256", "auth-sha512"};

bool has_ancestor(const ConfigTree& tree, int32_t node, std::string_view text) {
  for (int32_t at = tree.node(node).parent; at > ConfigTree::kRoot; at = tree.node(at).parent)
    if (tree.node(at).text == text) return true;
  return false;
}

// An ancestor whose keyword contains `part` ("snmp", "snmptrap", "snmp-setting").
bool has_ancestor_containing(const ConfigTree& tree, int32_t node, std::string_view part) {
  for (int32_t at = tree.node(node).parent; at > ConfigTree::kRoot; at = tree.node(at).parent)
    if (tree.node(at).text.find(part) != std::string_view::npos) return true;
  return false;
}

bool is_secret_keyword(std::string_view keyword) {
  return std::find(kSecretKeywords.begin(), kSecretKeywords.end(), keyword) !=
             kSecretKeywords.end() ||
         ends_like_secret_word(keyword);
}

// netplan's WireGuard keys: "keys: {private: X, shared: Y}" (public keys are no secret).
bool is_wireguard_key(const ConfigTree& tree, int32_t node) {
  const ConfigNode& n = tree.node(node);
  return (n.text == "private" || n.text == "shared") && n.parent > ConfigTree::kRoot &&
         tree.node(n.parent).text == "keys";
}

// "community" is a secret only under snmp (a BGP community list is not).
bool is_name_keyword(const ConfigTree& tree, int32_t node) {
  std::string_view keyword = tree.node(node).text;
  if (std::find(kNameKeywords.begin(), kNameKeywords.end(), keyword) == kNameKeywords.end())
    return false;
  return keyword != "community" || has_ancestor_containing(tree, node, "snmp");
}

// "key 1" under "ntp server" or "key-chain" numbers a key; the key is elsewhere.
bool numbers_a_key(std::string_view keyword, std::string_view argument) {
  return keyword == "key" && !argument.empty() && argument.size() <= 4 &&
         std::all_of(argument.begin(), argument.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void find_keyword_node_secrets(const ConfigTree& tree, int32_t node,
                               std::vector<SecretToken>* out) {
  const ConfigNode& n = tree.node(node);
  if (is_hash_form(n.text)) add_token(n.text, n.text, false, out);
  if (is_hash_form(n.value)) add_token(n.value, n.value, true, out);
  bool names = is_name_keyword(tree, node);
  if (!n.value.empty() && !numbers_a_key(n.text, n.value) &&
      (is_secret_keyword(n.text) || names || is_wireguard_key(tree, node))) {
    add_token(n.value, n.value, true, out);
    if (names && !out->empty()) out->back().names_node = true;
  }
  if (n.parent <= ConfigTree::kRoot) return;
  const ConfigNode& parent = tree.node(n.parent);
  if (!parent.value.empty()) return;
  bool leaf = n.first_child == ConfigTree::kNone;
  if (is_name_keyword(tree, n.parent)) {
    add_token(n.text, n.text, false, out);
    if (!out->empty()) out->back().names_node = true;
  } else if ((leaf && is_secret_keyword(parent.text) && !numbers_a_key(parent.text, n.text)) ||
             (leaf && parent.text == "value" &&
              has_ancestor(tree, n.parent, "authentication-key"))) {
    add_token(n.text, n.text, false, out);
  }
}

}  // namespace

bool holds_whole_lines(ConfigFormat format) {
  return format == ConfigFormat::kIosFamily || format == ConfigFormat::kFortios ||
         format == ConfigFormat::kIfupdown;
}

void find_node_secrets(const ConfigTree& tree, int32_t node, ConfigFormat format,
                       std::vector<SecretToken>* out) {
  std::size_t first = out->size();
  if (holds_whole_lines(format))
    find_line_node_secrets(tree, node, out);
  else
    find_keyword_node_secrets(tree, node, out);
  normalise(out, first);
}

void find_line_secrets(std::string_view line, std::vector<SecretToken>* out) {
  std::size_t first = out->size();
  std::size_t start = skip_blanks(line, 0);
  std::string_view trimmed = line.substr(start);
  std::size_t before = out->size();
  if (apply_line_rules(trimmed, nullptr, ConfigTree::kNone, out)) apply_keyword_scan(trimmed, out);
  // Hierarchical lines ("encrypted-password $6$...", "community public"): a keyword's
  // argument.
  Words words(trimmed);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    bool snmp_community = words[i] == "community" && i > 0 && words[i - 1].ends_with("snmp");
    if ((is_secret_keyword(words[i]) && words[i] != "key") || snmp_community)
      add_token(trimmed, words[i + 1], false, out);
  }
  for (std::size_t i = before; i < out->size(); ++i)
    (*out)[i].begin += static_cast<uint32_t>(start);
  normalise(out, first);
}

}  // namespace cfgsweep
