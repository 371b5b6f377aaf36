// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Runs the suite's exchanges through the proxy under test, between the suite's client and its
// scripted origin, and applies the checks every case shares.
//
// Theory of operation
// -------------------
// An exchange is one client connection and one request, as an exchange_plan says: the head,
// then the body at once, or when a 100 comes, or when the client's timer runs out (RFC 9110
// §10.1.1 lets a client send it then). A stubborn plan also sends the announced body after an
// early final response that did not say close (as Go's client and curl do), then a second
// request on the same connection. Every request the client sends carries a tag in its target
// (`e100=<case>.<n>`) and is listed with the SHA-256 of its content; the stubborn body is itself
// a request whose tag (`e100=smuggled.<case>`) is never listed. So on the origin's side any
// request is either one the client sent, with its content byte for byte, or evidence of a
// desync. The shared checks (check_common) read that record; each case then judges its story.
#ifndef EXPECT100_EXAMPLES_PROBE_SUITE_RUNNER_HPP
#define EXPECT100_EXAMPLES_PROBE_SUITE_RUNNER_HPP

#include "findings.hpp"
#include "scripted_origin.hpp"
#include "suite_client.hpp"
#include "timeline.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace expect100::examples::suite {

struct suite_settings {
    url where;  // the proxy under test
    ssl::context* tls = nullptr;
    std::chrono::milliseconds wait{1000};  // the client's 100-continue timer
};

enum class body_send : std::uint8_t { after_100_or_timer, with_head };
// What the client does after an early final response that did not say close: stop, or send the
// announced body anyway and then a second request on the connection (a stubborn client, as Go's
// and curl's are).
enum class after_early_final : std::uint8_t { stop, send_body_then_reuse };
enum class body_release : std::uint8_t { not_sent, with_head, by_100, by_timer, after_early_final };

struct exchange_plan {
    std::string version = "HTTP/1.1";
    std::vector<std::string> lines{"Expect: 100-continue"};  // after Host and Content-Length
    std::size_t body_size = 64;
    body_send when = body_send::after_100_or_timer;
    after_early_final stubbornness = after_early_final::stop;
    std::optional<std::string> raw;  // a malformed request, sent as given, at once
};

struct exchange_record {
    std::string tag;
    bool http10 = false;
    std::vector<client_response> responses;  // every response, extras after the final included
    std::optional<client_response> final_response;
    body_release release = body_release::not_sent;
    double body_ms = -1;
    std::optional<client_response> second;  // the response to a stubborn plan's second request
    bool second_sent = false;
    std::size_t requests_sent = 0;
    bool closed = false;
    std::string malformed;
    std::string error;
};

struct sent_request {
    std::string tag;
    std::string content_sha256;  // empty when the bytes leave the content ambiguous (raw)
    std::size_t content_size = 0;
};

// The tag in a request target: the value of the `e100` query parameter.
inline std::string tag_of(std::string_view target) {
    const std::size_t at = target.find("e100=");
    if (at == std::string_view::npos) return {};
    const std::size_t end = target.find('&', at);
    return std::string(target.substr(at + 5, end == std::string_view::npos ? end : end - at - 5));
}

class runner {
public:
    runner(asio::io_context& io, const suite_settings& s, scripted_origin& origin, timeline& clock)
        : io_(io), s_(s), origin_(origin), clock_(clock) {}

    const suite_settings& settings() const noexcept { return s_; }
    timeline& clock() noexcept { return clock_; }
    const std::vector<sent_request>& sent() const noexcept { return sent_; }

    void start_case(std::string name, origin_script script) {
        case_ = std::move(name);
        origin_.set_script(std::move(script));
        sent_.clear();
        clock_.restart();
        number_ = 0;
    }

    std::string target(std::string_view tag) const {
        const std::string& base = s_.where.target;
        return base + (base.find('?') == std::string::npos ? "?" : "&") +
               "e100=" + std::string(tag);
    }
    std::string host() const { return host_field(s_.where); }

    // The request a stubborn body or a malformed request of `case_name` hides: read as a
    // request only by a desync (RFC 9112 §9.3, §6.3).
    std::string smuggled_request(std::string_view case_name) const {
        return "GET " + target("smuggled." + std::string(case_name)) +
               " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n";
    }

    exchange_record exchange(const exchange_plan& plan) {
        exchange_record rec;
        rec.tag = case_ + "." + std::to_string(++number_);
        rec.http10 = plan.version == "HTTP/1.0";
        suite_client c(io_, s_.where, s_.tls, clock_, number_);
        rec.error = c.connect();
        if (!rec.error.empty()) return rec;
        std::string body = body_bytes(plan);
        std::string head;
        if (plan.raw) {
            head = *plan.raw;
            sent_.push_back({rec.tag, {}, 0});
        } else {
            head = "POST " + target(rec.tag) + " " + plan.version + "\r\nHost: " + host() +
                   "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
            for (const std::string& line : plan.lines)
                head += line + "\r\n";
            head += "\r\n";
            sha256 digest;
            digest.update(body);
            sent_.push_back({rec.tag, digest.hex(), body.size()});
        }
        c.expect_response_to(request_method::post);
        rec.requests_sent = 1;
        const std::string label =
            printable(head.substr(0, head.find("\r\n")), 80) + expect_text(plan);
        bool body_pending = !plan.raw && !body.empty();
        if (plan.raw || plan.when == body_send::with_head || body.empty()) {
            c.send(head + (plan.raw ? "" : body),
                   plan.raw ? "malformed request: " + printable(head, 60)
                            : label + (body.empty() ? "" : " + body at once"));
            rec.release =
                body.empty() || plan.raw ? body_release::not_sent : body_release::with_head;
            body_pending = false;
        } else {
            c.send(head, label + " (body held)");
        }
        const double head_ms = clock_.now_ms();
        const auto send_body = [&](body_release why, std::string text) {
            body_pending = false;
            rec.release = why;
            rec.body_ms = clock_.now_ms();
            c.send(body, "body, " + std::to_string(body.size()) + " bytes (" + text + ")");
        };
        while (!rec.final_response) {
            const auto left = std::chrono::milliseconds(static_cast<long>(
                static_cast<double>(s_.wait.count()) - (clock_.now_ms() - head_ms)));
            const auto limit = body_pending ? std::max(left, std::chrono::milliseconds(0))
                                            : std::chrono::milliseconds(10000);
            const auto r = c.next(limit);
            if (r) {
                rec.responses.push_back(*r);
                if (!r->interim()) {
                    rec.final_response = r;
                } else if (r->status == 100 && body_pending) {
                    send_body(body_release::by_100, "released by the 100");
                }
                continue;
            }
            if (c.malformed() || c.closed()) break;
            if (!body_pending) break;  // no final response in time
            send_body(body_release::by_timer, "the timer ran out");
        }
        if (rec.final_response && body_pending &&
            plan.stubbornness == after_early_final::send_body_then_reuse &&
            !rec.final_response->announces_close && !c.closed()) {
            send_body(body_release::after_early_final, "announced, sent anyway");
        }
        c.linger(std::chrono::milliseconds(300));
        if (rec.final_response && plan.stubbornness == after_early_final::send_body_then_reuse &&
            !c.closed() && !rec.final_response->announces_close) {
            // What came after the final so far answers nothing the client sent.
            while (auto r = c.next(std::chrono::milliseconds(0)))
                rec.responses.push_back(*r);
            const std::string second_tag = case_ + "." + std::to_string(number_) + "b";
            sent_.push_back({second_tag, empty_sha(), 0});
            c.expect_response_to(request_method::get);
            rec.second_sent =
                c.send("GET " + target(second_tag) + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n",
                       "GET (a second request on the connection)");
            ++rec.requests_sent;
            while (auto r = c.next(std::chrono::milliseconds(3000))) {
                rec.responses.push_back(*r);
                if (!r->interim()) {
                    rec.second = r;
                    break;
                }
            }
            c.linger(std::chrono::milliseconds(200));
        }
        while (auto r = c.next(std::chrono::milliseconds(0)))
            rec.responses.push_back(*r);
        rec.closed = c.closed();
        rec.malformed = c.malformed_reason();
        return rec;
    }

    // Sends a GET through the proxy until one reaches the origin and its answer comes back: a
    // proxy may answer 502 or 503 while it starts, or mark the origin down while the suite's
    // origin was not listening yet (Squid). @return false when none did within `limit`: the
    // proxy does not forward to the suite's origin.
    bool warm_up(std::chrono::milliseconds limit) {
        start_case("warmup", origin_script{});
        const auto until = steady::now() + limit;
        while (steady::now() < until) {
            {
                suite_client c(io_, s_.where, s_.tls, clock_, 1);
                if (c.connect().empty()) {
                    c.expect_response_to(request_method::get);
                    c.send("GET " + target("warmup") + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n",
                           "warm-up");
                    const auto r = c.next(std::chrono::milliseconds(2000));
                    if (r && r->status < 500 && !origin_.requests().empty()) return true;
                }
            }
            settle(std::chrono::milliseconds(250));
        }
        return false;
    }

    // Lets late bytes reach the origin before the case is judged.
    void settle(std::chrono::milliseconds d) {
        io_.restart();
        io_.run_for(d);
    }

private:
    std::string body_bytes(const exchange_plan& plan) const {
        // A stubborn client's announced content is a request: read as one only by a desync.
        if (plan.stubbornness == after_early_final::send_body_then_reuse) {
            std::string body = smuggled_request(case_);
            if (body.size() < plan.body_size) body.append(plan.body_size - body.size(), 'x');
            return body;
        }
        std::string body(plan.body_size, 'x');
        std::uint32_t x = 2463534242U;  // xorshift: bytes that are not all alike
        for (char& ch : body) {
            x ^= x << 13U;
            x ^= x >> 17U;
            x ^= x << 5U;
            ch = static_cast<char>('a' + x % 26U);
        }
        return body;
    }
    static std::string expect_text(const exchange_plan& plan) {
        std::string t;
        for (const auto& line : plan.lines)
            t += " + " + printable(line, 50);
        return t;
    }
    static std::string empty_sha() {
        sha256 digest;
        return digest.hex();
    }

    asio::io_context& io_;
    const suite_settings& s_;
    scripted_origin& origin_;
    timeline& clock_;
    std::string case_;
    std::vector<sent_request> sent_;
    unsigned number_ = 0;
};

// ---- Checks every case shares ----------------------------------------------------------------

class case_findings {
public:
    void add(std::string_view code, std::string detail = {}) {
        const finding_kind* k = find_kind(code);
        if (k == nullptr) throw std::logic_error("unknown finding code " + std::string(code));
        for (const finding& f : list_) {
            if (f.kind == k) return;  // once per case
        }
        list_.push_back({k, std::move(detail)});
    }
    bool has(std::string_view code) const {
        for (const finding& f : list_) {
            if (f.kind->code == code) return true;
        }
        return false;
    }
    const std::vector<finding>& list() const noexcept { return list_; }

private:
    std::vector<finding> list_;
};

inline std::string ms_text(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", ms);
    return text;
}

// What every case checks: requests at the origin against what the client sent, and the
// responses the client got against the requests it made.
inline void check_common(const std::vector<exchange_record>& records,
                         const std::vector<origin_request>& at_origin,
                         const std::vector<sent_request>& sent, case_findings& out) {
    std::vector<unsigned> seen(sent.size(), 0);
    const origin_request* first_of_tag = nullptr;
    for (const origin_request& r : at_origin) {
        if (r.fault != testing::wire_fault::none) {
            out.add("forwarded_invalid_head",
                    std::string(testing::to_string(r.fault)) + ": " + printable(r.head, 120));
            continue;
        }
        const std::string tag = tag_of(r.target);
        if (tag.rfind("smuggled.", 0) == 0) {
            out.add("hidden_request_forwarded", r.start_line);
            continue;
        }
        std::size_t i = 0;
        while (i < sent.size() && sent[i].tag != tag)
            ++i;
        if (i == sent.size()) {
            out.add("request_not_sent", printable(r.start_line, 120));
            continue;
        }
        if (++seen[i] == 2) {
            first_of_tag = nullptr;
            for (const origin_request& o : at_origin) {
                if (tag_of(o.target) == tag) {
                    first_of_tag = &o;
                    break;
                }
            }
            const bool after_417 = !r.expect && first_of_tag != nullptr && first_of_tag->expect;
            out.add(after_417 ? "repeated_without_expect" : "request_repeated", r.start_line);
        }
        if (r.complete && !sent[i].content_sha256.empty() &&
            r.content_sha256 != sent[i].content_sha256) {
            out.add("body_altered", "other SHA-256: " + std::to_string(r.content_size) +
                                        " bytes arrived, " + std::to_string(sent[i].content_size) +
                                        " sent");
        }
    }
    for (const exchange_record& rec : records) {
        std::size_t finals = 0;
        for (const client_response& r : rec.responses) {
            if (r.interim()) {
                if (rec.http10) out.add("interim_to_http10", std::to_string(r.status));
                if (finals > 0 && finals >= rec.requests_sent) {
                    out.add("interim_after_final", std::to_string(r.status));
                }
            } else if (++finals > rec.requests_sent) {
                out.add("response_without_request", std::to_string(r.status));
            }
        }
        if (!rec.malformed.empty()) out.add("malformed_response", rec.malformed);
    }
}

// A stable summary of what happened, for comparing two runs (a peer and a preset): the
// statuses the client got, how its body went, and what reached the origin.
inline std::string outcome_of(const std::vector<exchange_record>& records,
                              const std::vector<origin_request>& at_origin) {
    std::string out;
    for (const exchange_record& rec : records) {
        if (!out.empty()) out += " / ";
        if (!rec.error.empty()) {
            out += "error";
            continue;
        }
        std::string statuses;
        for (const client_response& r : rec.responses) {
            statuses += (statuses.empty() ? "" : ",") + std::to_string(r.status);
        }
        out += statuses.empty() ? "-" : statuses;
        if (rec.release == body_release::by_timer) out += " timer";
        if (rec.release == body_release::after_early_final) out += " body-after-final";
        if (rec.second_sent && !rec.second) out += " second-unanswered";
        if (!rec.final_response) out += rec.closed ? " closed" : " silent";
    }
    out += " | origin:";
    for (const origin_request& r : at_origin) {
        if (r.fault != testing::wire_fault::none) {
            out += " invalid";
        } else if (tag_of(r.target).rfind("smuggled.", 0) == 0) {
            out += " smuggled";
        } else {
            out += r.expect ? " E" : " -";
        }
    }
    return out;
}

}  // namespace expect100::examples::suite

#endif  // EXPECT100_EXAMPLES_PROBE_SUITE_RUNNER_HPP
