// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What expect100-origin plays, whatever HTTP a connection speaks: the --behaviour (parsed into
// the server machine's policy and the application's script), the access log, the setup every
// connection is given, and the JSON the application answers with.
#ifndef EXPECT100_EXAMPLES_ORIGIN_BEHAVIOUR_HPP
#define EXPECT100_EXAMPLES_ORIGIN_BEHAVIOUR_HPP

#include "../common/net.hpp"
#include "../common/program.hpp"

#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace expect100::examples::origin {

// ---- The behaviours ---------------------------------------------------------------------------

enum class behaviour_kind { immediate, lazy, never, late, reject, interim, http10, silent };

struct behaviour {
    behaviour_kind kind = behaviour_kind::immediate;
    unsigned late_ms = 0;
    std::uint16_t status = 0;  // reject: the status; interim: 102 or 103
    bool close = false;        // reject:STATUS:close
};

inline behaviour parse_behaviour(const std::string& text) {
    behaviour b;
    const auto colon = text.find(':');
    const std::string head = text.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    const auto number = [&](const std::string& s, unsigned low, unsigned high) {
        if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 6 ||
            std::stoul(s) < low || std::stoul(s) > high) {
            throw usage_error("--behaviour " + text + ": '" + s + "' is not a number in " +
                              std::to_string(low) + ".." + std::to_string(high));
        }
        return static_cast<unsigned>(std::stoul(s));
    };
    if (head == "immediate" && rest.empty())
        b.kind = behaviour_kind::immediate;
    else if (head == "lazy" && rest.empty())
        b.kind = behaviour_kind::lazy;
    else if (head == "never" && rest.empty())
        b.kind = behaviour_kind::never;
    else if (head == "http10" && rest.empty())
        b.kind = behaviour_kind::http10;
    else if (head == "silent" && rest.empty())
        b.kind = behaviour_kind::silent;
    else if (head == "late") {
        b.kind = behaviour_kind::late;
        b.late_ms = number(rest, 0, 600000);
    } else if (head == "reject") {
        b.kind = behaviour_kind::reject;
        const auto c2 = rest.find(':');
        b.status = static_cast<std::uint16_t>(number(rest.substr(0, c2), 200, 599));
        if (c2 != std::string::npos) {
            if (rest.substr(c2 + 1) != "close")
                throw usage_error("--behaviour " + text + ": expected reject:STATUS[:close]");
            b.close = true;
        }
    } else if (head == "interim") {
        b.kind = behaviour_kind::interim;
        b.status = static_cast<std::uint16_t>(number(rest.empty() ? "103" : rest, 100, 103));
        if (b.status == 101)
            throw usage_error("--behaviour interim:101 is not an interim response");
    } else {
        throw usage_error("unknown --behaviour '" + text +
                          "' (immediate, lazy, never, late:MS, reject:STATUS[:close], "
                          "interim:103|102|100, http10, silent)");
    }
    return b;
}

// The server each behaviour runs: the RFC 9110 preset's policy with the 100's timing (and, for
// reject:STATUS:close, the early-final rule) changed: one machine type for every behaviour
// (presets::runtime_server, policy.hpp).
using origin_machine = basic_server<presets::runtime_server<steady>>;

inline server_policy policy_for(const behaviour& b) {
    server_policy p = server_policy_of<presets::rfc9110_server<>>();
    switch (b.kind) {
    case behaviour_kind::immediate:
    case behaviour_kind::interim: p.when_continue = continue_timing::on_head; break;
    case behaviour_kind::lazy:
    case behaviour_kind::late: p.when_continue = continue_timing::on_first_read; break;
    case behaviour_kind::never:
    case behaviour_kind::http10:
    case behaviour_kind::silent: p.when_continue = continue_timing::never; break;
    case behaviour_kind::reject:
        p.when_continue = continue_timing::on_first_read;
        if (b.close) p.after_early_final = early_final_action::close;
        break;
    }
    return p;
}

// --access-log: one line per request answered 200, "TARGET LENGTH SHA256", shared by the
// threads. The soak test gives every upload a target of its own and reads this file to prove
// that no request reached the origin twice (a proxy must never retry on its own, RFC 9110
// §9.2.2) and that what arrived is what was sent.
class access_log {
public:
    explicit access_log(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {
        if (file_ == nullptr) throw usage_error("--access-log " + path + ": cannot open");
    }
    ~access_log() { std::fclose(file_); }
    access_log(const access_log&) = delete;
    access_log& operator=(const access_log&) = delete;

    void record(std::string_view target, std::uint64_t length, const std::string& sha) {
        const std::lock_guard<std::mutex> lock(mutex_);
        std::fprintf(file_, "%.*s %llu %s\n", static_cast<int>(target.size()), target.data(),
                     static_cast<unsigned long long>(length), sha.c_str());
        std::fflush(file_);
    }

private:
    std::FILE* file_;
    std::mutex mutex_;
};

// What every connection is told at its start.
struct origin_setup {
    ssl::context* tls = nullptr;
    behaviour script;
    bool faults = false;
    bool hash = true;  // --no-hash: count the body, answer {"length":N} (benchmarks)
    access_log* log = nullptr;
    bool h2c = false;                 // --h2c: cleartext HTTP/2 with prior knowledge
    std::uint32_t h2_window = 65535;  // each HTTP/2 stream's initial window (H2-8)
};

// The application's answers: the 200's JSON echo of what arrived, and an error's.
// Field values may hold any byte but CR, LF and NUL (obs-text too): Boost.JSON escapes what JSON
// needs and keeps the bytes, so a probe sees exactly what came. `expect` (every Expect line
// joined with ", ") and `version` say what an intermediary in front forwarded.
inline std::string echo_json(std::uint64_t length, const std::string& sha256,
                             std::string_view expect, std::string_view version,
                             std::string_view target) {
    boost::json::object echo;
    echo["length"] = length;
    echo["sha256"] = sha256;
    echo["expect"] = expect.empty() ? boost::json::value(nullptr) : boost::json::value(expect);
    echo["version"] = version;
    echo["target"] = target;  // which request this was (smuggling tests)
    return boost::json::serialize(echo) + "\n";
}
inline std::string error_json(std::uint16_t status) {
    return boost::json::serialize(boost::json::object{{"error", status}}) + "\n";
}

}  // namespace expect100::examples::origin

#endif  // EXPECT100_EXAMPLES_ORIGIN_BEHAVIOUR_HPP
