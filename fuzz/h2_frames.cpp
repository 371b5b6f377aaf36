// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: HTTP/2 frames from a hostile client into an origin made of nghttp2 1.52, the
// nghttp2 adapter (server_stream) and basic_server, in virtual time (tests/support/h2_memory.hpp).
// Byte 0 configures: bits 0-1 what the application decides on a head (accept, reject, wait and
// accept late), bits 2-3 the early status (413, 401, 417, 403), bit 4 the initial window (16 KiB
// or 65535), bits 5-7 how the rest is cut into reads (1, 7, 64, 1000 bytes or all at once; 6
// and 7 also give a refusal a body whose second half comes a tick later, its head held for it
// meanwhile: final_head::with_content, H2-14).
// The rest is what the client's connection carries, preface and all (the seeds in
// fuzz/corpus/h2_frames are real sessions written by tests/support/h2_memory.hpp's client).
// After every read, timer and decision it checks, per stream (docs/requirements.md):
// - H2-1: no 1xx HEADERS with END_STREAM;
// - H2-2: no 1xx HEADERS once the final one went;
// - H2-5: RST_STREAM(NO_ERROR) only after the final response's END_STREAM;
// - H2-8: the client never sent more body than the window credit allowed;
// - the machines' invariants hold, their action lists never overflowed, no fault is `internal`.
#include "../tests/support/h2_memory.hpp"
#include "check.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

using namespace expect100;
using fuzz::check;

struct stream_story {
    bool final_sent = false;
    bool final_ended = false;
};

void check_frames(const std::vector<std::pair<std::int32_t, std::string>>& frames) {
    std::map<std::int32_t, stream_story> stories;
    for (const auto& [id, frame] : frames) {
        stream_story& st = stories[id];
        const bool headers = frame.rfind("HEADERS(", 0) == 0;
        const bool interim = headers && frame.size() > 8 && frame[8] == '1';
        const bool es = frame.find(",ES)") != std::string::npos;
        check(!(interim && es), "H2-1: a 1xx HEADERS with END_STREAM");
        check(!(interim && st.final_sent), "H2-2: a 1xx after the final response");
        if (headers && !interim) st.final_sent = true;
        if (st.final_sent && es) st.final_ended = true;
        if (frame == "RST_STREAM(NO_ERROR)") {
            check(st.final_ended, "H2-5: RST_STREAM(NO_ERROR) before the final's END_STREAM");
        }
    }
}

template <class Origin>
void check_exchanges(Origin& o) {
    check(!o.overflowed, "an action list overflowed");
    check(!o.internal_fault, "a step reported an internal fault (a table gap)");
    o.for_each_exchange([](auto& x) {
        check(x.server.invariants_hold(), "a server sub-machine invariant broke");
        check(x.stream.window().received() <= x.stream.window().peer_limit(),
              "H2-8: more body arrived than the credit allowed");
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const unsigned config = data[0];
    test::origin_script script;
    constexpr test::origin_script::decision decisions[] = {
        test::origin_script::decision::accept, test::origin_script::decision::reject,
        test::origin_script::decision::wait, test::origin_script::decision::wait};
    constexpr std::uint16_t statuses[] = {413, 401, 417, 403};
    script.on_head = decisions[config & 3U];
    script.status = statuses[(config >> 2) & 3U];
    nghttp2::session_settings settings;
    settings.initial_window = (config & 16U) != 0 ? 16 * 1024 : 65535;
    constexpr std::size_t cuts[] = {1, 7, 64, 1000, 0, 0, 0, 0};
    const std::size_t cut = cuts[(config >> 5) & 7U];
    // Two of the whole-input settings also hold a refusal's head for its body (H2-14).
    if (((config >> 5) & 7U) >= 6) script.head = nghttp2::final_head::with_content;

    test::h2_origin<> origin(script, settings);
    if (origin.session() == nullptr) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string out;
    test::h2_time now{};
    bool alive = true;
    for (std::size_t at = 0; at < bytes.size() && alive;) {
        const std::size_t n = cut == 0 ? bytes.size() - at : std::min(cut, bytes.size() - at);
        alive = nghttp2::receive(origin.session(), bytes.substr(at, n));
        at += n;
        out.clear();
        alive = nghttp2::pending_output(origin.session(), out) && alive;
        now += std::chrono::milliseconds(100);
        origin.set_time(now);
        origin.tick();
        check_frames(origin.frames);
        check_exchanges(origin);
    }
    // The application decides late on whatever still waits, then the clocks run out.
    if ((config & 3U) == 3U) {
        std::vector<std::int32_t> ids;
        origin.for_each_exchange([&](auto& x) { ids.push_back(x.stream.id()); });
        for (std::int32_t id : ids)
            origin.decide(id, test::origin_script::decision::accept);
    }
    for (int i = 0; i < 3; ++i) {
        now += std::chrono::seconds(40);
        origin.set_time(now);
        origin.tick();
        out.clear();
        (void)nghttp2::pending_output(origin.session(), out);
    }
    check_frames(origin.frames);
    check_exchanges(origin);
    return 0;
}
