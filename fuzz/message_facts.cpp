// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: request and response facts (message.hpp). The input is a head in a loose form:
// byte 0 picks version and method, byte 1 a status; then `name:value` lines split at LF (the
// value may still hold CR, NUL, quotes ...). Checks invariants that every caller relies on.
#include "check.hpp"

#include <expect100/message.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using expect100::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace expect100;
    if (size < 2) {
        return 0;
    }
    constexpr std::string_view methods[] = {"GET", "HEAD", "POST", "PUT", "CONNECT", "PATCH", "X"};
    const std::string_view method = methods[(data[0] >> 2U) % 7U];
    const http_version version =
        to_http_version(1U + ((data[0] & 3U) == 3U ? 1U : 0U), data[0] & 1U);
    const unsigned status = 90U + data[1] * 2U;

    std::vector<std::pair<std::string_view, std::string_view>> fields;
    const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(begin, end - begin);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            fields.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        }
        begin = end + 1;
    }

    const request_facts rq = analyze_request_head(method, version, fields);
    check(rq.valid() == (rq.framing != body_framing::invalid), "request validity vs framing");
    check(rq.valid() == !rq.error(), "request validity vs error()");
    check(rq.framing != body_framing::until_close && rq.framing != body_framing::tunnel,
          "a request is never delimited by close or a tunnel");
    check(!rq.expects_continue() || (rq.has_content() && rq.version == http_version::http_1_1 &&
                                     rq.expect.has_continue()),
          "expects_continue without its conditions");
    check(rq.valid() || rq.connection == connection_intent::close, "invalid head kept alive");
    check(rq.framing == body_framing::content_length || rq.content_length == 0,
          "a length without length framing");

    const response_facts rs =
        analyze_response_head(status, version, fields, to_request_method(method));
    check(rs.valid() == !rs.error(), "response validity vs error()");
    check(!rs.is_interim() || rs.framing == body_framing::none, "a 1xx with content");
    check(rs.framing != body_framing::until_close || rs.connection == connection_intent::close,
          "read-until-close on a connection said to persist");
    check(rs.interim_framing == interim_framing_fields::absent || rs.is_interim(),
          "interim framing note on a final response");
    return 0;
}
