// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The fuzz kit's driver (include/expect100/testing/fuzz_driver.hpp) judged on subjects that are
// wrong on purpose: each finding code must be raised by the fault it names, and a correct proxy
// (the example poll proxy, over the kit's whole corpus: fuzz_kit_poll_proxy_corpus) raises none.
#include <expect100/testing/fuzz_driver.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace expect100::testing;

namespace {

// A byte pipe with optional faults: client bytes to one upstream connection, upstream bytes
// back; a close on either side closes the other.
struct relay_faults {
    bool drop_content_length = false;  // removes "Content-Length: ...\r\n" from what it forwards
    bool flip_body_h = false;          // 'h' becomes 'j' in the body on the way up
    bool flip_response_ok = false;     // "ok" becomes "OK" on the way down
    bool send_twice = false;           // every client write goes up twice
    bool inject_request = false;       // a request of its own after every client write
    bool append_garbage = false;       // "XYZ" after every client write
    bool deadline_in_past = false;     // next_deadline() is always now
};

class relay final : public fuzz_subject {
public:
    relay(proxy_io& io, relay_faults f) : io_(io), f_(f) {}

    void on_client_bytes(std::string_view b) override {
        if (!up_) up_ = io_.open_upstream();
        std::string out(b);
        if (f_.drop_content_length) {
            const std::size_t at = out.find("Content-Length:");
            if (at != std::string::npos) out.erase(at, out.find("\r\n", at) + 2 - at);
        }
        if (f_.flip_body_h) {  // after the head, when the head came in this write
            const std::size_t body = out.find("\r\n\r\n");
            if (body != std::string::npos)
                std::replace(out.begin() + static_cast<long>(body), out.end(), 'h', 'j');
        }
        io_.send_upstream(*up_, out);
        if (f_.send_twice) io_.send_upstream(*up_, out);
        if (f_.inject_request) io_.send_upstream(*up_, "GET /injected HTTP/1.1\r\nHost: a\r\n\r\n");
        if (f_.append_garbage) io_.send_upstream(*up_, "XYZ");
    }
    void on_client_closed() override {
        if (up_) io_.close_upstream(*up_);
    }
    void on_upstream_bytes(upstream_id, std::string_view b) override {
        std::string out(b);
        if (f_.flip_response_ok) {
            const std::size_t at = out.find("ok");
            if (at != std::string::npos) out.replace(at, 2, "OK");
        }
        io_.send_to_client(out);
    }
    void on_upstream_closed(upstream_id) override { io_.close_client(); }
    void on_time() override {}
    fuzz_time next_deadline() const override {
        return f_.deadline_in_past ? io_.now() : fuzz_time::max();
    }

private:
    proxy_io& io_;
    relay_faults f_;
    std::optional<upstream_id> up_;
};

// Answers every request head itself, with `answers` responses, and never closes.
class answering final : public fuzz_subject {
public:
    answering(proxy_io& io, int answers) : io_(io), answers_(answers) {}
    void on_client_bytes(std::string_view b) override {
        seen_.append(b);
        for (std::size_t at; (at = seen_.find("\r\n\r\n")) != std::string::npos;) {
            seen_.erase(0, at + 4);
            for (int i = 0; i < answers_; ++i) {
                io_.send_to_client("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            }
        }
    }
    void on_client_closed() override {}
    void on_upstream_bytes(upstream_id, std::string_view) override {}
    void on_upstream_closed(upstream_id) override {}
    void on_time() override {}
    fuzz_time next_deadline() const override { return fuzz_time::max(); }

private:
    proxy_io& io_;
    int answers_;
    std::string seen_;
};

std::vector<finding_code> codes(const std::vector<finding>& f) {
    std::vector<finding_code> c;
    for (const finding& x : f)
        c.push_back(x.code);
    return c;
}

std::vector<finding_code> run_relay(std::string_view input, relay_faults f = {}) {
    fuzz_driver d;
    relay r(d.io(), f);
    const auto found = codes(d.run(input, r));
    INFO(d.report());
    CHECK(found.size() <= 1);  // the driver stops at the first finding
    return found;
}

using fc = finding_code;
const std::string expect_post =
    "POST /upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello";

}  // namespace

TEST_CASE("fuzz driver: a faithful byte pipe raises nothing on a sound request", "[fuzz-kit]") {
    CHECK(run_relay(expect_post).empty());
    CHECK(
        run_relay("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n").empty());
}

TEST_CASE("fuzz driver: forwarded_invalid - a smuggling shape passed on (RFC 9112 6.3)",
          "[fuzz-kit][rfc9112-6.3]") {
    CHECK(run_relay("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: "
                    "chunked\r\n\r\n0\r\n\r\n") == std::vector<fc>{fc::forwarded_invalid});
    CHECK(run_relay("POST / HTTP/1.1\r\nHost: a\r\nX: a\rContent-Length: 3\r\n\r\nabc") ==
          std::vector<fc>{fc::forwarded_invalid});
    CHECK(run_relay("POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 3\r\n\r\nabc") ==
          std::vector<fc>{fc::forwarded_invalid});
}

TEST_CASE("fuzz driver: desync - a request upstream that the client never sent", "[fuzz-kit]") {
    relay_faults f;
    f.inject_request = true;
    CHECK(run_relay(expect_post, f) == std::vector<fc>{fc::desync});
}

TEST_CASE("fuzz driver: body_mismatch and response_body_mismatch", "[fuzz-kit]") {
    SECTION("the body's framing lost on the way: the origin reads the request as ended early") {
        relay_faults f;
        f.drop_content_length = true;
        const std::string body = "GET /evil HTTP/1.1\r\nHost: a\r\n\r\n";
        CHECK(run_relay("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body,
                        f) == std::vector<fc>{fc::body_mismatch});
    }
    relay_faults up;
    up.flip_body_h = true;
    CHECK(run_relay(expect_post, up) == std::vector<fc>{fc::body_mismatch});
    relay_faults down;
    down.flip_response_ok = true;
    CHECK(run_relay(expect_post, down) == std::vector<fc>{fc::response_body_mismatch});
}

TEST_CASE("fuzz driver: forwarded_malformed - bytes upstream that never become a request",
          "[fuzz-kit]") {
    relay_faults f;
    f.append_garbage = true;
    CHECK(run_relay(expect_post, f) == std::vector<fc>{fc::forwarded_malformed});
}

TEST_CASE("fuzz driver: duplicate_request - a POST sent upstream twice (RFC 9110 9.2.2)",
          "[fuzz-kit][rfc9110-9.2.2]") {
    relay_faults f;
    f.send_twice = true;
    CHECK(run_relay(expect_post, f) == std::vector<fc>{fc::duplicate_request});
}

TEST_CASE("fuzz driver: interim_to_http10 - a 100 relayed to an HTTP/1.0 client (RFC 9110 15.2)",
          "[fuzz-kit][rfc9110-15.2]") {
    // The head (103 bytes), then the origin's 100 (op 0x80), then the body.
    const std::string input = encode_scenario(
        "POST /u HTTP/1.0\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
        {0x3f, 0x09, 0x80, 0x40});
    CHECK(run_relay(input) == std::vector<fc>{fc::interim_to_http10});
}

TEST_CASE("fuzz driver: no_deadline - a silent origin and a subject without a timer",
          "[fuzz-kit]") {
    const std::string input = encode_scenario("GET / HTTP/1.1\r\nHost: a\r\n\r\n", {0x40, 0x8c});
    CHECK(run_relay(input) == std::vector<fc>{fc::no_deadline});
    fuzz_options lax;
    lax.require_answers = false;
    fuzz_driver d(lax);
    relay r(d.io(), {});
    CHECK(d.run(input, r).empty());
}

TEST_CASE("fuzz driver: timer_loop - on_time never moves the deadline", "[fuzz-kit]") {
    relay_faults f;
    f.deadline_in_past = true;
    CHECK(run_relay("GET / HTTP/1.1\r\n\r\n", f) == std::vector<fc>{fc::timer_loop});
}

TEST_CASE("fuzz driver: response_without_request and kept_open_after_invalid", "[fuzz-kit]") {
    {
        fuzz_driver d;
        answering twice(d.io(), 2);
        CHECK(codes(d.run("GET / HTTP/1.1\r\nHost: a\r\n\r\n", twice)) ==
              std::vector<fc>{fc::response_without_request});
    }
    {
        fuzz_driver d;
        answering once(d.io(), 1);
        CHECK(codes(d.run("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                          once)) == std::vector<fc>{fc::kept_open_after_invalid});
    }
}

TEST_CASE("fuzz driver: scenarios decode and encode", "[fuzz-kit]") {
    const scenario s =
        decode_scenario(encode_scenario("GET", {0x00, 0x45, 0x55, 0x6e, 0x8b, 0xf0}));
    REQUIRE(s.ops.size() == 6);
    CHECK(s.client_bytes == "GET");
    CHECK(s.ops[0].what == scenario_op::kind::client_send);
    CHECK(s.ops[0].amount == 1);
    CHECK(s.ops[1].what == scenario_op::kind::client_send_all);
    CHECK(s.ops[2].what == scenario_op::kind::client_close);
    CHECK(s.ops[3].what == scenario_op::kind::wait);
    CHECK(s.ops[3].amount == 5000);
    CHECK(s.ops[4].what == scenario_op::kind::upstream);
    CHECK(s.ops[4].answer == upstream_answer::reset);
    CHECK(s.ops[5].what == scenario_op::kind::nothing);
    CHECK(decode_scenario("GET / HTTP/1.1\r\n\r\n").ops.empty());
}
