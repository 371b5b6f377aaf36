// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Small HTTP facts the programs share: URLs on the command line, reason phrases of the
// statuses they write, and the names of a role's presets for --help and errors.
#ifndef EXPECT100_EXAMPLES_COMMON_HTTP_HPP
#define EXPECT100_EXAMPLES_COMMON_HTTP_HPP

#include "program.hpp"

#include <expect100/presets.hpp>

#include <string>

namespace expect100::examples {

struct url {
    bool https = false;
    std::string host;
    std::string port;
    std::string target;  // origin-form: path and query
};

// http://host[:port][/path] and https://...; an IPv6 host in brackets. Throws usage_error.
inline url parse_url(const std::string& text) {
    url u;
    std::string rest;
    if (text.rfind("http://", 0) == 0) {
        rest = text.substr(7);
    } else if (text.rfind("https://", 0) == 0) {
        u.https = true;
        rest = text.substr(8);
    } else {
        throw usage_error("'" + text + "' is not an http:// or https:// URL");
    }
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    u.target = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
        u.host = authority.substr(0, colon);
        u.port = authority.substr(colon + 1);
    } else {
        u.host = authority;
        u.port = u.https ? "443" : "80";
    }
    if (u.host.size() > 2 && u.host.front() == '[') u.host = u.host.substr(1, u.host.size() - 2);
    if (u.host.empty()) throw usage_error("'" + text + "' has no host");
    if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos) {
        throw usage_error("'" + text + "' has no valid port");
    }
    return u;
}

// The Host field value for a URL: the port only when it is not the scheme's default.
inline std::string host_field(const url& u) {
    const bool default_port = u.port == (u.https ? "443" : "80");
    return default_port ? u.host : u.host + ":" + u.port;
}

// "a, b, c": the names of every preset of a role (presets::server_presets<> and friends).
template <class List>
std::string preset_names() {
    std::string out;
    presets::for_each_preset<List>([&](auto p) {
        if (!out.empty()) out += ", ";
        out += decltype(p)::name;
    });
    return out;
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_HTTP_HPP
