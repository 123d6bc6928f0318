// The IOS family's management plane: users, NTP, SNMP, syslog, AAA and DNS servers,
// banners (see ios_services.h).
#include "model/ios_services.h"

#include <cctype>

#include <fmt/format.h>

namespace cfgsweep {

bool looks_like_address(std::string_view word) {
  return !word.empty() &&
         ((word.front() >= '0' && word.front() <= '9') || word.find(':') != std::string_view::npos);
}

bool looks_like_ip(std::string_view word) {
  return looks_like_address(word) &&
         (word.find('.') != std::string_view::npos || word.find(':') != std::string_view::npos);
}

bool IosServices::read(int32_t node, const Words& w) {
  std::string_view cmd = w[0];
  uint32_t at = line(node);
  bool used = true;
  if (cmd == "username" && w.size() >= 2) {
    user(w, at);
    user_block(node, w[1]);
  } else if (cmd == "ntp" && (w[1] == "server" || w[1] == "peer")) {
    server_with_vrf(w, 2, &m_.ntp_servers, at);
  } else if (cmd == "ntp" && tree_.node(node).first_child != ConfigTree::kNone && w.size() == 1) {
    block_servers(node, "server", &m_.ntp_servers);
  } else if (cmd == "snmp-server" && w[1] == "vrf" && w.size() == 3) {
    snmp_vrf(node, w[2]);
  } else if (cmd == "snmp-server") {
    used = snmp(w, at);
  } else if (cmd == "logging" && w[1] == "vrf" && (w[3] == "host" || w[3] == "server")) {
    m_.syslog_servers.push_back({std::string(w[4]), std::string(w[2]), "", at});  // EOS
  } else if (cmd == "logging" && (w[1] == "host" || w[1] == "server")) {
    // ASA names the interface the server is reached through: "logging host inside A".
    server_with_vrf(w, !looks_like_address(w[2]) && looks_like_ip(w[3]) ? 3 : 2, &m_.syslog_servers,
                    at);
  } else if (cmd == "logging" && w.size() >= 2 && looks_like_address(w[1])) {
    server_with_vrf(w, 1, &m_.syslog_servers, at);
  } else if ((cmd == "tacacs-server" || cmd == "radius-server") && w[1] == "host") {
    m_.aaa_servers.push_back(
        {std::string(w[2]), "", cmd == "tacacs-server" ? "tacacs" : "radius", at});
  } else if ((cmd == "tacacs" || cmd == "radius") && w[1] == "server") {
    aaa_server_block(node, cmd);
  } else if (cmd == "aaa-server" && w[2] == "protocol") {  // ASA: the group's protocol
    aaa_group_protocols_[std::string(w[1])] =
        w[3].starts_with("tacacs") ? "tacacs" : std::string(w[3]);
  } else if (cmd == "aaa-server" && (w[2] == "host" || w[3] == "host")) {
    // ASA: "aaa-server NAME (inside) host A" or "aaa-server NAME host A"
    std::string_view address = w[2] == "host" ? w[3] : w[4];
    auto protocol = aaa_group_protocols_.find(std::string(w[1]));
    m_.aaa_servers.push_back({std::string(address), "",
                              protocol == aaa_group_protocols_.end() ? "" : protocol->second, at});
  } else if (cmd == "aaa" && w[1] == "group" && w[2] == "server" && w.size() >= 5) {
    aaa_group(node, w[3].starts_with("tacacs") ? "tacacs" : w[3]);
  } else if (cmd == "domain" && w[1] == "vrf" && w[3] == "name-server") {  // IOS-XR
    for (std::size_t k = 4; k < w.size(); ++k)
      m_.dns_servers.push_back({std::string(w[k]), std::string(w[2]), "", at});
  } else if ((cmd == "ip" && (w[1] == "name-server" || w[1] == "nameserver")) ||
             (cmd == "domain" && w[1] == "name-server") || cmd == "name-server") {
    dns(w, cmd == "name-server" ? 1 : 2, at);
  } else if (cmd == "banner" && w.size() >= 2) {
    banner(node, w);
  } else {
    used = false;
  }
  return used;
}

void IosServices::user(const Words& w, uint32_t at) {
  UserModel& u = m_.user(w[1], at);
  for (std::size_t i = 2; i < w.size(); ++i) {
    std::string_view word = w[i];
    if (word == "privilege") u.privilege = static_cast<int>(to_number(w[i + 1]).value_or(0));
    if (word == "role") u.role = std::string(w[i + 1]);
    if (word == "secret" || word == "password") {
      bool typed = to_number(w[i + 1]).has_value() || w[i + 1] == "sha512";
      u.hash_type = typed ? hash_type(w[i + 1], w[i + 2]) : hash_type("", w[i + 1]);
      if (w.find("encrypted", i) < w.size() || w.find("pbkdf2", i) < w.size())
        u.hash_type = w.find("pbkdf2", i) < w.size() ? "pbkdf2" : "encrypted";
    }
    if (word == "nopassword") u.hash_type = "none";
  }
}

void IosServices::server_with_vrf(const Words& w, std::size_t at, std::vector<ServerModel>* servers,
                                  uint32_t line) {
  std::string vrf;
  if (w[at] == "vrf") {
    vrf = std::string(w[at + 1]);
    at += 2;
  }
  std::size_t use_vrf = w.find("use-vrf", at);
  if (use_vrf < w.size()) vrf = std::string(w[use_vrf + 1]);
  std::size_t vrf_word = w.find("vrf", at + 1);
  if (vrf.empty() && vrf_word < w.size()) vrf = std::string(w[vrf_word + 1]);
  if (w[at].empty()) return;
  servers->push_back({std::string(w[at]), std::move(vrf), "", line});
}

void IosServices::block_servers(int32_t node, std::string_view keyword,
                                std::vector<ServerModel>* servers) {
  for (int32_t child : tree_.children(node)) {
    Words c(text(child));
    if (c[0] != keyword) continue;
    server_with_vrf(c, 1, servers, line(child));
    use(child);
  }
}

bool IosServices::snmp(const Words& w, uint32_t at) {
  auto add_version = [&](std::string_view v) {
    for (const std::string& existing : m_.snmp.versions)
      if (existing == v) return;
    m_.snmp.versions.emplace_back(v);
  };
  if (w[1] == "community" && w.size() >= 3) {
    std::string access;
    for (std::size_t i = 3; i < w.size(); ++i) {
      if (w[i] == "RO" || w[i] == "ro") access = "ro";
      if (w[i] == "RW" || w[i] == "rw") access = "rw";
      if (w[i] == "network-operator") access = "ro";
      if (w[i] == "network-admin") access = "rw";
    }
    std::string name = options_.reveal_secrets ? std::string(w[2]) : std::string(kRedacted);
    m_.snmp.communities.push_back({std::move(name), std::move(access), at});
    add_version("v1");
    add_version("v2c");
    return true;
  }
  if ((w[1] == "group" || w[1] == "user") && w.find("v3") < w.size()) {
    add_version("v3");
    return true;
  }
  if (w[1] == "host" && w.size() >= 3) {
    std::size_t vrf = w.find("vrf");
    // ASA: "snmp-server host inside A ..." names the interface first.
    std::string_view address = !looks_like_address(w[2]) && looks_like_address(w[3]) ? w[3] : w[2];
    m_.snmp.hosts.push_back(
        {std::string(address), vrf < w.size() ? std::string(w[vrf + 1]) : "", "", at});
    return true;
  }
  return false;
}

// IOS-XR "snmp-server vrf V" with "host A traps C" lines under it.
void IosServices::snmp_vrf(int32_t node, std::string_view vrf) {
  for (int32_t child : tree_.children(node)) {
    Words c(text(child));
    if (c[0] != "host" || c.size() < 2) continue;
    m_.snmp.hosts.push_back({std::string(c[1]), std::string(vrf), "", line(child)});
    use(child);
  }
}

// "aaa group server tacacs+ NAME" with "server A", "server-private A ..." (IOS-XE,
// IOS-XR) or "server name X" (a server defined elsewhere) under it.
void IosServices::aaa_group(int32_t node, std::string_view protocol) {
  for (int32_t child : tree_.children(node)) {
    Words c(text(child));
    if ((c[0] == "server" || c[0] == "server-private") && looks_like_address(c[1])) {
      m_.aaa_servers.push_back({std::string(c[1]), "", std::string(protocol), line(child)});
      use(child);
    }
  }
}

// IOS-XR "username NAME" with "group G", "secret 10 HASH", "password 7 HASH" under it.
void IosServices::user_block(int32_t node, std::string_view name) {
  if (tree_.node(node).first_child == ConfigTree::kNone) return;
  UserModel& u = m_.user(name, line(node));
  for (int32_t child : tree_.children(node)) {
    Words c(text(child));
    bool used = true;
    if (c[0] == "group" && u.role.empty()) {
      u.role = std::string(c[1]);
    } else if (c[0] == "secret" || c[0] == "password") {
      bool typed = to_number(c[1]).has_value();
      // IOS-XR's secret types: 5 md5-crypt, 8 sha256, 9 scrypt, 10 sha512-crypt.
      u.hash_type = typed ? hash_type(c[1] == "10" ? "" : c[1], c[2]) : hash_type("", c[1]);
    } else {
      used = false;
    }
    if (used) use(child);
  }
}

void IosServices::aaa_server_block(int32_t node, std::string_view protocol) {
  for (int32_t child : tree_.children(node)) {
    Words c(text(child));
    if (c[0] == "address" && c.size() >= 3) {
      m_.aaa_servers.push_back({std::string(c[2]), "", std::string(protocol), line(child)});
      use(child);
    }
  }
}

void IosServices::dns(const Words& w, std::size_t at, uint32_t line) {
  std::string vrf;
  if (w[at] == "vrf") {
    vrf = std::string(w[at + 1]);
    at += 2;
  }
  for (std::size_t i = at; i < w.size(); ++i) {
    if (w[i] == "use-vrf") break;
    m_.dns_servers.push_back({std::string(w[i]), vrf, "", line});
  }
}

// "banner motd ^C text...": the body runs to the next delimiter; the parser made the
// banner's lines its children, the last one still holding the delimiter.
void IosServices::banner(int32_t node, const Words& w) {
  std::string_view opening = w[2];
  // ASA: one line per banner line, each a command ("banner motd Authorized use only",
  // "banner motd" for an empty line, "banner motd ****"): a line starting with a letter
  // or a digit, or a run of childless banner lines of one kind (IOS writes one banner
  // per kind, delimited).
  bool childless = tree_.node(node).first_child == ConfigTree::kNone;
  int32_t next = tree_.node(node).next_sibling;
  bool run = childless &&
             ((one_line_banner_ && !m_.banners.empty() && m_.banners.back().kind == w[1]) ||
              (next != ConfigTree::kNone && Words(text(next))[0] == "banner" &&
               Words(text(next))[1] == w[1] && tree_.node(next).first_child == ConfigTree::kNone));
  if (one_line_banners_ || run || (childless && opening.empty()) ||
      (!opening.empty() && std::isalnum(static_cast<unsigned char>(opening.front())) &&
       !opening.starts_with("^C"))) {
    if (!m_.banners.empty() && m_.banners.back().kind == w[1] && one_line_banner_) {
      m_.banners.back().text += fmt::format("\n{}", w.rest(2));
    } else {
      m_.banners.push_back({std::string(w[1]), std::string(w.rest(2)), line(node)});
    }
    one_line_banner_ = true;
    return;
  }
  one_line_banner_ = false;
  std::string_view delimiter =
      opening.starts_with("^C") ? opening.substr(0, 2) : opening.substr(0, 1);
  std::string body;
  auto add = [&](std::string_view text) {
    auto end = delimiter.empty() ? std::string_view::npos : text.find(delimiter);
    if (!body.empty() || end != 0) {
      if (!body.empty()) body.push_back('\n');
      body.append(text.substr(0, end));
    }
    return end != std::string_view::npos;
  };
  std::string_view first = w.rest(2).substr(delimiter.size());
  bool closed = !first.empty() && add(first);
  for (int32_t child : tree_.children(node)) {
    if (!closed) closed = add(text(child));
    use(child);
  }
  while (!body.empty() && body.back() == '\n') body.pop_back();
  m_.banners.push_back({std::string(w[1]), std::move(body), line(node)});
}

}  // namespace cfgsweep
