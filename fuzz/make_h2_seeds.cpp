// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Writes the seeds of the h2_frames fuzz target: what a real HTTP/2 client (nghttp2 with the
// client machine, tests/support/h2_memory.hpp) sends an origin in a few exchanges, each prefixed
// with the configuration byte h2_frames reads. Run once: make_h2_seeds fuzz/corpus/h2_frames
#include "../tests/support/h2_memory.hpp"

#include <cstdio>
#include <fstream>
#include <string>

namespace {

using namespace expect100;

// Expect on every body, so that small seeds (libFuzzer's max_len) still carry it.
struct asking : presets::rfc9110_client<test::virtual_clock> {
    static constexpr expect_use use_expect = expect_use::always;
};
struct impatient : asking {
    using wait_strategy = fixed_wait<0>;
};

template <class Client>
std::string session(test::origin_script script, int requests, std::uint64_t size) {
    test::h2_origin<> o(script);
    Client c;
    std::string wire;
    (void)test::exchange_frames(c, o, &wire);
    for (int i = 0; i < requests; ++i) {
        (void)c.put(size);
        (void)test::exchange_frames(c, o, &wire);
    }
    return wire;
}

void write(const std::string& dir, const std::string& name, unsigned char config,
           const std::string& wire) {
    std::ofstream f(dir + "/" + name, std::ios::binary);
    f.put(static_cast<char>(config));
    f << wire;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_h2_seeds DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    using decision = test::origin_script::decision;
    using patient = test::h2_client<asking>;
    using eager = test::h2_client<impatient>;
    write(dir, "accept-30000", 0x00, session<patient>({decision::accept}, 1, 30000));
    write(dir, "accept-small-cut-7", 0x20, session<patient>({decision::accept}, 2, 100));
    write(dir, "reject-413", 0x01, session<patient>({decision::reject, 413}, 1, 30000));
    write(dir, "reject-401-two-streams", 0x05, session<patient>({decision::reject, 401}, 2, 30000));
    write(dir, "no-wait-body-first", 0x00, session<eager>({decision::accept}, 1, 40000));
    write(dir, "no-wait-small-window", 0x12, session<eager>({decision::wait}, 1, 40000));
    write(dir, "late-decision", 0x63, session<eager>({decision::wait}, 3, 20000));
    write(dir, "no-body", 0x80, session<patient>({decision::accept}, 2, 0));
    return 0;
}
