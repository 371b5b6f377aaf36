// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The fuzz kit's driver: fuzz YOUR proxy's Expect and framing handling. docs/guide/fuzzing.md
// walks through wiring a proxy to it; fuzz/kit/ has two complete harnesses.
//
// Theory of operation
// -------------------
// The driver plays the whole world around the proxy under test (the "subject"): one client
// connection, any number of upstream connections answered by a scripted origin, and a virtual
// clock. A fuzzer's input is decoded into a scenario (scenario.hpp): the client's raw bytes,
// the cuts and delays they come in, and the upstream's answers. The subject sees the world only
// through two small interfaces:
//   - proxy_io (the driver implements it): now(), send_to_client, close_client,
//     open_upstream, send_upstream, close_upstream. Writes are taken whole and at once.
//   - fuzz_subject (the subject implements it): bytes or a close from either side, on_time()
//     when now() reached next_deadline().
// Events reach the subject one at a time from the driver's queue, never from inside a proxy_io
// call, so a subject need not be re-entrant.
//
// Three observers judge every byte, each a strict parser (strict_parse.hpp) built on the
// library's own head analysers, which serve as the oracle (a differential test):
//   - the client's requests as sent (the oracle's reading of the client stream);
//   - every upstream connection's requests as they arrive (what the origin reads);
//   - the responses on the client connection (what the client reads).
// Findings, each with a stable code (see `finding_code`):
//   - forwarded_malformed: a request reached upstream that a strict server cannot read, or
//     bytes that never became a request;
//   - forwarded_invalid: the subject forwarded a request the oracle refuses (a smuggling shape:
//     RFC 9112 §6.3, obs-fold, whitespace before the colon, bare CR or LF, a control character);
//   - desync: a request reached upstream that is not the client's next one: body bytes read as a
//     request, a request skipped, or a request after an unparseable one (request smuggling);
//   - duplicate_request: the same request forwarded twice, other than an idempotent one retried
//     after its connection failed (RFC 9110 §9.2.2) or one repeated without 100-continue after
//     a 417 (§10.1.1);
//   - body_mismatch: content upstream that is not the client's, byte for byte, or a request
//     ended upstream before the client ended it;
//   - response_malformed, response_without_request: the client cannot read the response
//     stream, or gets more final responses than requests (RFC 9112 §9.3);
//   - interim_to_http10: a 1xx to an HTTP/1.0 request (RFC 9110 §15.2);
//   - response_body_mismatch: a relayed final response's content changed on the way;
//   - kept_open_after_invalid: after a request the oracle refuses, the connection stayed open
//     (RFC 9112 §6.3: respond 400, then close);
//   - no_answer: at the end, a request the client sent whole has no final response and the
//     connection is still open; no_deadline when, moreover, the subject had no timer set
//     (liveness: something must always be waiting for a deadline);
//   - timer_loop: on_time() left a deadline in the past 64 times in a row.
#ifndef EXPECT100_TESTING_FUZZ_DRIVER_HPP
#define EXPECT100_TESTING_FUZZ_DRIVER_HPP

#include <expect100/testing/scenario.hpp>
#include <expect100/testing/strict_parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::testing {

using fuzz_clock = std::chrono::steady_clock;
using fuzz_time = fuzz_clock::time_point;
using upstream_id = std::size_t;

// The world as the subject sees it; implemented by the driver.
class proxy_io {
public:
    virtual fuzz_time now() const noexcept = 0;
    virtual void send_to_client(std::string_view bytes) = 0;
    virtual void close_client() = 0;
    // A new connection to the upstream, usable at once (the origin may still close it).
    virtual upstream_id open_upstream() = 0;
    virtual void send_upstream(upstream_id id, std::string_view bytes) = 0;
    virtual void close_upstream(upstream_id id) = 0;

protected:
    ~proxy_io() = default;
};

// The proxy under test; implemented by the harness around it.
class fuzz_subject {
public:
    virtual ~fuzz_subject() = default;
    virtual void on_client_bytes(std::string_view bytes) = 0;
    virtual void on_client_closed() = 0;
    virtual void on_upstream_bytes(upstream_id id, std::string_view bytes) = 0;
    virtual void on_upstream_closed(upstream_id id) = 0;
    virtual void on_time() = 0;
    // When on_time() is next due; fuzz_time::max() for never.
    virtual fuzz_time next_deadline() const = 0;
};

enum class finding_code : std::uint8_t {
    forwarded_malformed,
    forwarded_invalid,
    desync,
    duplicate_request,
    body_mismatch,
    response_malformed,
    response_without_request,
    interim_to_http10,
    response_body_mismatch,
    kept_open_after_invalid,
    no_answer,
    no_deadline,
    timer_loop,
};

constexpr std::string_view to_string(finding_code c) noexcept {
    switch (c) {
    case finding_code::forwarded_malformed: return "forwarded_malformed";
    case finding_code::forwarded_invalid: return "forwarded_invalid";
    case finding_code::desync: return "desync";
    case finding_code::duplicate_request: return "duplicate_request";
    case finding_code::body_mismatch: return "body_mismatch";
    case finding_code::response_malformed: return "response_malformed";
    case finding_code::response_without_request: return "response_without_request";
    case finding_code::interim_to_http10: return "interim_to_http10";
    case finding_code::response_body_mismatch: return "response_body_mismatch";
    case finding_code::kept_open_after_invalid: return "kept_open_after_invalid";
    case finding_code::no_answer: return "no_answer";
    case finding_code::no_deadline: return "no_deadline";
    case finding_code::timer_loop: return "timer_loop";
    }
    return "?";
}

struct finding {
    finding_code code;
    std::string detail;
};

struct fuzz_options {
    // Liveness: a request left unanswered on an open connection is a finding. A subject with no
    // upstream timeout waits forever on a silent origin; turn this off to fuzz it anyway.
    bool require_answers = true;
    // The longest the settle phase runs the clock (virtual time).
    std::chrono::milliseconds settle_limit{std::chrono::minutes(10)};
    std::size_t head_limit = 64 * 1024;  // the oracle's own; larger heads are not judged
};

class fuzz_driver final : private proxy_io {
public:
    explicit fuzz_driver(fuzz_options options = {}) : options_(options) {}
    fuzz_driver(const fuzz_driver&) = delete;
    fuzz_driver& operator=(const fuzz_driver&) = delete;

    // What the subject is built with; valid as long as the driver.
    proxy_io& io() noexcept { return *this; }

    // Runs one input through the subject; @return the findings (empty: nothing wrong seen).
    const std::vector<finding>& run(std::string_view input, fuzz_subject& subject) {
        subject_ = &subject;
        scenario_ = decode_scenario(input);
        for (const scenario_op& op : scenario_.ops) {
            apply(op);
            if (out_of_scope_) return findings_;
            deliver();
            if (!findings_.empty() || out_of_scope_) return findings_;
        }
        settle();
        if (findings_.empty() && !out_of_scope_) final_checks();
        return findings_;
    }

    const std::vector<finding>& findings() const noexcept { return findings_; }

    // The scenario, what happened in it, and the findings, for a person.
    std::string report() const {
        std::string r = "expect100 fuzz driver: ";
        r += findings_.empty() ? "no finding\n" : "FINDINGS\n";
        for (const finding& f : findings_) {
            r.append("  ").append(to_string(f.code)).append(": ").append(f.detail).append("\n");
        }
        r.append("client bytes (").append(std::to_string(scenario_.client_bytes.size()));
        r.append("): ").append(escape(scenario_.client_bytes, 600)).append("\n");
        r.append("timeline (virtual ms):\n");
        for (const std::string& line : timeline_)
            r.append("  ").append(line).append("\n");
        return r;
    }

private:
    // ---- The world's state ------------------------------------------------------------------
    struct exchange {  // one request as the origin read it, and what the origin did about it
        bool interim_sent = false;
        bool final_sent = false;
        bool silent = false;
        bool closed_before_final = false;  // the origin closed before answering (a retry is fine)
        std::uint16_t status = 0;
        std::string content;           // the final response's content as sent
        std::size_t client_index = 0;  // the client's request it carries
    };
    struct upstream_conn {
        request_stream requests;
        std::vector<exchange> exchanges;  // one per message in `requests`
        bool closed = false;              // by either side: nothing more is sent on it
        bool closed_by_subject = false;   // what the origin queued before is not delivered
        explicit upstream_conn(std::size_t limit) : requests(limit) {}
    };
    struct event {
        enum class kind : std::uint8_t {
            client_bytes,
            client_closed,
            upstream_bytes,
            upstream_closed
        };
        kind what;
        upstream_id id = 0;
        std::string bytes;
    };

    // ---- proxy_io ---------------------------------------------------------------------------
    fuzz_time now() const noexcept override { return now_; }

    void send_to_client(std::string_view bytes) override {
        if (client_closed_by_subject_ || bytes.empty()) return;
        log("subject → client " + escape(bytes, 120));
        responses_.feed(bytes);
        check_responses();
    }
    void close_client() override {
        if (client_closed_by_subject_) return;
        log("subject closes the client connection");
        client_closed_by_subject_ = true;
        responses_.end();
        check_responses();
    }
    upstream_id open_upstream() override {
        upstreams_.emplace_back(options_.head_limit);
        log("subject opens upstream #" + std::to_string(upstreams_.size() - 1));
        return upstreams_.size() - 1;
    }
    void send_upstream(upstream_id id, std::string_view bytes) override {
        if (id >= upstreams_.size() || upstreams_[id].closed || bytes.empty()) return;
        log("subject → upstream #" + std::to_string(id) + " " + escape(bytes, 120));
        upstream_conn& c = upstreams_[id];
        const std::size_t before = c.requests.messages().size();
        const std::size_t content_before =
            before == 0 ? 0 : c.requests.messages().back().content.size();
        c.requests.feed(bytes);
        check_upstream(id, before, content_before);
    }
    void close_upstream(upstream_id id) override {
        if (id >= upstreams_.size() || upstreams_[id].closed_by_subject) return;
        log("subject closes upstream #" + std::to_string(id));
        upstreams_[id].closed_by_subject = true;
        close_conn(id);
    }

    // ---- Running the scenario ----------------------------------------------------------------
    void apply(const scenario_op& op) {
        switch (op.what) {
        case scenario_op::kind::client_send: client_send(op.amount); break;
        case scenario_op::kind::client_send_all: client_send(client_left()); break;
        case scenario_op::kind::client_close:
            if (!client_closed_) {
                client_closed_ = true;
                log("client closes");
                queue_.push_back({event::kind::client_closed, 0, {}});
            }
            break;
        case scenario_op::kind::wait: advance(std::chrono::milliseconds(op.amount)); break;
        case scenario_op::kind::upstream: upstream_act(op.answer); break;
        case scenario_op::kind::nothing: break;
        }
    }

    std::size_t client_left() const { return scenario_.client_bytes.size() - client_sent_; }

    void client_send(std::size_t n) {
        n = std::min(n, client_left());
        if (n == 0 || client_closed_ || client_closed_by_subject_) return;
        const std::string bytes = scenario_.client_bytes.substr(client_sent_, n);
        client_sent_ += n;
        log("client → subject " + escape(bytes, 120));
        oracle_.feed(bytes);
        while (methods_told_ < oracle_.messages().size() &&
               oracle_.messages()[methods_told_].head_complete) {
            const std::string& method = oracle_.messages()[methods_told_].method;
            if (method == "CONNECT") {
                // A tunnel may follow, or HTTP may go on, depending on the answer: the stream
                // after it is not the kit's to judge. The run ends here, with what was found.
                log("client sent CONNECT: out of the kit's scope, the run ends");
                out_of_scope_ = true;
                return;
            }
            responses_.expect_response_to(to_request_method(method));
            ++methods_told_;
        }
        queue_.push_back({event::kind::client_bytes, 0, bytes});
    }

    void advance(std::chrono::milliseconds d) {
        now_ += d;
        if (d.count() != 0) log("time +" + std::to_string(d.count()) + " ms");
    }

    // Hands every queued event to the subject, and fires its timers when due.
    void deliver() {
        for (int guard = 0; guard < 100000; ++guard) {
            if (!queue_.empty()) {
                event e = std::move(queue_.front());
                queue_.pop_front();
                switch (e.what) {
                case event::kind::client_bytes:
                    if (!client_closed_by_subject_) subject_->on_client_bytes(e.bytes);
                    break;
                case event::kind::client_closed:
                    if (!client_closed_by_subject_) subject_->on_client_closed();
                    break;
                case event::kind::upstream_bytes:
                    if (!upstreams_[e.id].closed_by_subject)
                        subject_->on_upstream_bytes(e.id, e.bytes);
                    break;
                case event::kind::upstream_closed:
                    if (!upstreams_[e.id].closed_by_subject) subject_->on_upstream_closed(e.id);
                    break;
                }
                continue;
            }
            int fired = 0;
            while (subject_->next_deadline() <= now_) {
                if (++fired > 64) {
                    add(finding_code::timer_loop, "on_time() keeps a deadline in the past");
                    return;
                }
                log("subject's timer fires");
                subject_->on_time();
                if (!queue_.empty()) break;
            }
            if (queue_.empty()) return;
        }
    }

    // ---- The scripted origin ------------------------------------------------------------------
    // Every exchange the origin has yet to answer (not answered, not silent, its connection
    // open), oldest head first; f(id, index) returns true to stop. @return whether it did.
    template <class F>
    bool each_open_exchange(F f) {
        for (const auto& [id, index] : arrivals_) {
            const upstream_conn& c = upstreams_[id];
            if (c.closed || index >= c.exchanges.size()) continue;
            const exchange& x = c.exchanges[index];
            if (x.final_sent || x.silent) continue;
            if (f(id, index)) return true;
        }
        return false;
    }

    // The scenario's operation: the origin acts on its oldest open exchange.
    void upstream_act(upstream_answer a) {
        each_open_exchange([&](upstream_id id, std::size_t index) {
            act(id, index, a);
            return true;
        });
    }

    void act(upstream_id id, std::size_t index, upstream_answer a) {
        exchange* x = &upstreams_[id].exchanges[index];
        const parsed_message& req = upstreams_[id].requests.messages()[index];
        const bool head = req.method == "HEAD";
        const auto final_ = [&](std::uint16_t status, std::string_view reason,
                                std::string_view fields, std::string_view content) {
            // No content after a response to HEAD, nor after a 2xx to CONNECT (a tunnel begins:
            // RFC 9112 §6.3 #1, #2).
            const bool none = head || (req.method == "CONNECT" && status / 100 == 2);
            std::string r =
                "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
            r.append(fields).append("\r\n");
            if (!none) r.append(content);
            x->final_sent = true;
            x->status = status;
            x->content = none ? std::string() : std::string(content);
            return r;
        };
        std::string out;
        bool close_after = false;
        switch (a) {
        case upstream_answer::continue_100: out = "HTTP/1.1 100 Continue\r\n\r\n"; break;
        case upstream_answer::processing_102: out = "HTTP/1.1 102 Processing\r\n\r\n"; break;
        case upstream_answer::early_hints_103:
            out = "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n";
            break;
        case upstream_answer::ok_200: out = final_(200, "OK", "Content-Length: 2\r\n", "ok"); break;
        case upstream_answer::ok_200_chunked:
            out = final_(200, "OK", "Transfer-Encoding: chunked\r\n", "2\r\nok\r\n0\r\n\r\n");
            if (!x->content.empty()) x->content = "ok";  // decoded
            break;
        case upstream_answer::no_content_204: out = final_(204, "No Content", "", ""); break;
        case upstream_answer::too_large_413:
            out = final_(413, "Content Too Large", "Content-Length: 0\r\n", "");
            break;
        case upstream_answer::too_large_413_close:
            out =
                final_(413, "Content Too Large", "Content-Length: 0\r\nConnection: close\r\n", "");
            close_after = true;
            break;
        case upstream_answer::expectation_failed_417:
            out = final_(417, "Expectation Failed", "Content-Length: 0\r\n", "");
            break;
        case upstream_answer::unauthorized_401:
            out = final_(401, "Unauthorized", "Content-Length: 4\r\n", "nope");
            break;
        case upstream_answer::error_500_until_close:
            out = final_(500, "Internal Server Error", "", "broken");
            close_after = true;
            break;
        case upstream_answer::reset: close_after = true; break;
        case upstream_answer::silent:
            x->silent = true;
            log("origin: exchange stays silent");
            return;
        case upstream_answer::not_modified_304: out = final_(304, "Not Modified", "", ""); break;
        case upstream_answer::malformed:
            out = "HTTP/1.1 2x0 Broken\r\n\r\n";
            x->final_sent = true;  // nothing more comes from this origin on this exchange
            x->status = 0;
            close_after = true;
            break;
        case upstream_answer::continue_then_ok:
            out =
                "HTTP/1.1 100 Continue\r\n\r\n" + final_(200, "OK", "Content-Length: 2\r\n", "ok");
            break;
        }
        if (!x->final_sent && !out.empty()) x->interim_sent = true;
        if (!out.empty()) {
            log("origin #" + std::to_string(id) + " → subject " + escape(out, 120));
            queue_.push_back({event::kind::upstream_bytes, id, out});
        }
        if (close_after) {
            if (!x->final_sent) x->closed_before_final = true;
            log("origin closes upstream #" + std::to_string(id));
            close_conn(id);
            queue_.push_back({event::kind::upstream_closed, id, {}});
        }
    }

    void close_conn(upstream_id id) {
        upstream_conn& c = upstreams_[id];
        c.closed = true;
        for (exchange& x : c.exchanges) {
            if (!x.final_sent) x.closed_before_final = true;
        }
    }

    // The end: the client sends what it has left, the origin answers like a good one, and the
    // clock runs from deadline to deadline until nothing is pending.
    void settle() {
        client_send(client_left());
        if (out_of_scope_) return;
        deliver();
        const fuzz_time limit = now_ + options_.settle_limit;
        for (int round = 0; round < 10000 && findings_.empty(); ++round) {
            if (settle_origin()) {
                deliver();
                continue;
            }
            const fuzz_time d = subject_->next_deadline();
            if (d == fuzz_time::max() || d > limit) return;
            if (d > now_)
                advance(std::chrono::duration_cast<std::chrono::milliseconds>(d - now_) +
                        std::chrono::milliseconds(1));
            deliver();
        }
    }

    // @return true when the origin did something.
    bool settle_origin() {
        return each_open_exchange([&](upstream_id id, std::size_t index) {
            const parsed_message& m = upstreams_[id].requests.messages()[index];
            if (m.complete) {
                act(id, index, upstream_answer::ok_200);
                return true;
            }
            if (m.request.expects_continue() && !upstreams_[id].exchanges[index].interim_sent &&
                m.content.empty()) {
                act(id, index, upstream_answer::continue_100);
                return true;
            }
            return false;
        });
    }

    // ---- Judging --------------------------------------------------------------------------
    void check_upstream(upstream_id id, std::size_t before, std::size_t content_before) {
        upstream_conn& c = upstreams_[id];
        const auto& msgs = c.requests.messages();
        // Content added to a message that was already there.
        if (before != 0) check_content(c, before - 1, content_before);
        if (!findings_.empty()) return;
        if (before != 0 && before == msgs.size() && msgs.back().fault != wire_fault::none) {
            add(finding_code::forwarded_malformed,
                "upstream #" + std::to_string(id) + " received a body a strict server refuses (" +
                    std::string(to_string(msgs.back().fault)) + ")");
            return;
        }
        for (std::size_t i = before; i < msgs.size(); ++i) {
            const parsed_message& m = msgs[i];
            if (!m.valid() && m.head_complete && forwarded_invalid(m)) return;
            if (!m.valid()) {
                add(finding_code::forwarded_malformed,
                    "upstream #" + std::to_string(id) + " received a request a strict server " +
                        "refuses (" + std::string(to_string(m.fault)) +
                        "): " + escape(m.head, 200));
                return;
            }
            if (!m.head_complete) return;
            c.exchanges.emplace_back();
            arrivals_.emplace_back(id, i);
            if (!match_request(id, i)) return;
            check_content(c, i, 0);
            if (!findings_.empty()) return;
        }
    }

    // A request upstream that the oracle refused as the client sent it: the subject passed a
    // smuggling shape on (the upstream reads it as badly as the oracle did).
    bool forwarded_invalid(const parsed_message& up) {
        for (const parsed_message& sent : oracle_.messages()) {
            if (!sent.valid() && sent.head_complete && sent.method == up.method &&
                sent.target == up.target) {
                add(finding_code::forwarded_invalid, refused_text(sent));
                return true;
            }
        }
        return false;
    }

    static std::string refused_text(const parsed_message& sent) {
        return "a request the library refuses was forwarded (" +
               std::string(to_string(sent.fault)) +
               (sent.fault == wire_fault::semantics ? ": " + sent.request.error().message()
                                                    : std::string()) +
               "): " + escape(sent.head, 200);
    }

    static std::string_view path_of(std::string_view target) {
        for (std::string_view scheme : {"http://", "https://"}) {
            if (target.size() > scheme.size() && target.substr(0, scheme.size()) == scheme) {
                const std::size_t slash = target.find('/', scheme.size());
                return slash == std::string_view::npos ? "/" : target.substr(slash);
            }
        }
        return target;
    }

    // The request that reached upstream must be the client's next one (or, retried, the last).
    bool match_request(upstream_id id, std::size_t index) {
        const parsed_message& up = upstreams_[id].requests.messages()[index];
        const auto& sent = oracle_.messages();
        const std::size_t next = forwarded_ == 0 ? 0 : last_forwarded_ + 1;
        const auto same = [&](std::size_t k) {
            return k < sent.size() && sent[k].head_complete && sent[k].method == up.method &&
                   path_of(sent[k].target) == path_of(up.target);
        };
        std::size_t k = next;
        if (!same(k)) {
            if (forwarded_ != 0 && same(last_forwarded_)) {
                k = last_forwarded_;
                if (!retry_allowed(k)) {
                    add(finding_code::duplicate_request,
                        "the client's request #" + std::to_string(k) + " (" + up.method + " " +
                            up.target + ") reached upstream twice (RFC 9110 §9.2.2)");
                    return false;
                }
            } else {
                std::string where = "the client's next request (#" + std::to_string(next) + ") ";
                where += next < sent.size() ? "is " + sent[next].method + " " + sent[next].target
                                            : std::string("was never sent");
                for (std::size_t j = 0; j < sent.size(); ++j) {
                    if (sent[j].content.find(up.head.substr(0, 16)) != std::string::npos) {
                        where +=
                            "; this request's head lies in the body of the client's request #" +
                            std::to_string(j);
                    }
                }
                add(finding_code::desync, "upstream #" + std::to_string(id) + " received " +
                                              up.method + " " + up.target + ", but " + where +
                                              " (request smuggling, RFC 9112 §6.3)");
                return false;
            }
        }
        // A head the oracle refuses must never go on. A chunked body found broken later is
        // another matter: the head was sound when it was forwarded (the broken chunk itself
        // would reach upstream as forwarded_malformed).
        if (!sent[k].valid() && sent[k].fault != wire_fault::bad_chunk) {
            add(finding_code::forwarded_invalid, refused_text(sent[k]));
            return false;
        }
        upstreams_[id].exchanges[index].client_index = k;
        last_forwarded_ = k;
        ++forwarded_;
        return true;
    }

    // A request may reach the origin again when the earlier attempt was refused for its
    // 100-continue (a 417: RFC 9110 §10.1.1 says to repeat it without the expectation), or,
    // for an idempotent one, when its connection failed before the final (RFC 9110 §9.2.2).
    bool retry_allowed(std::size_t k) const {
        const bool idempotent = is_idempotent(to_request_method(oracle_.messages()[k].method));
        for (const upstream_conn& c : upstreams_) {
            for (std::size_t i = 0; i < c.exchanges.size(); ++i) {
                const exchange& x = c.exchanges[i];
                if (x.client_index != k) continue;
                if (x.final_sent && x.status == 417 &&
                    c.requests.messages()[i].request.expect.has_continue())
                    return true;
                if (idempotent && x.closed_before_final) return true;
            }
        }
        return false;
    }

    void check_content(upstream_conn& c, std::size_t index, std::size_t from) {
        if (index >= c.exchanges.size()) return;
        const parsed_message& up = c.requests.messages()[index];
        const parsed_message& sent = oracle_.messages()[c.exchanges[index].client_index];
        const std::string& a = up.content;
        // A request the origin reads as whole must be the client's whole request: the subject
        // cannot finish one before the client did, nor with other bytes.
        const bool ended_early = up.complete && (!sent.complete || a != sent.content);
        if (ended_early || a.size() > sent.content.size() ||
            a.compare(from, std::string::npos, sent.content, from, a.size() - from) != 0) {
            std::size_t at = from;
            while (at < a.size() && at < sent.content.size() && a[at] == sent.content[at])
                ++at;
            add(finding_code::body_mismatch,
                "the content forwarded for " + up.method + " " + up.target + " differs from the " +
                    "client's at byte " + std::to_string(at) + " (upstream has " +
                    std::to_string(a.size()) + " bytes, the client sent " +
                    std::to_string(sent.content.size()) + ")");
        }
    }

    void check_responses() {
        if (!findings_.empty()) return;
        const auto& rs = responses_.messages();
        const auto& sent = oracle_.messages();
        for (; responses_checked_ < rs.size(); ++responses_checked_) {
            const parsed_message& r = rs[responses_checked_];
            if (!r.valid()) {
                add(finding_code::response_malformed,
                    "the client cannot read the response: " + std::string(to_string(r.fault)) +
                        ": " + escape(r.head, 200));
                return;
            }
            if (!r.head_complete) return;
            const std::size_t k = finals_seen_;  // the request this response answers
            const bool partial = oracle_.partial_head();
            // Past the end of what the oracle could read (a fault, or CONNECT), the subject may
            // answer what it makes of the rest; kept_open_after_invalid judges the close.
            if (k >= sent.size() + (partial ? 1 : 0) && !oracle_.broken()) {
                add(finding_code::response_without_request,
                    "a " + std::to_string(r.status) + " reached the client, which has " +
                        std::to_string(finals_seen_) + " final response(s) for " +
                        std::to_string(sent.size()) + " request(s) (RFC 9112 §9.3)");
                return;
            }
            if (r.is_interim()) {
                if (k < sent.size() && sent[k].version_text == "HTTP/1.0") {
                    add(finding_code::interim_to_http10, "a " + std::to_string(r.status) +
                                                             " was sent to an HTTP/1.0 request " +
                                                             "(RFC 9110 §15.2)");
                    return;
                }
                continue;
            }
            ++finals_seen_;
        }
        // Relayed content, once a final is complete.
        for (; relayed_checked_ < rs.size() && rs[relayed_checked_].complete; ++relayed_checked_) {
            const parsed_message& r = rs[relayed_checked_];
            if (r.is_interim()) continue;
            const std::size_t k = finals_compared_++;
            const exchange* x = exchange_for(k);
            if (x != nullptr && x->final_sent && x->status == r.status && r.content != x->content) {
                add(finding_code::response_body_mismatch,
                    "the client's " + std::to_string(r.status) + " has content " +
                        escape(r.content, 60) + "; the origin sent " + escape(x->content, 60));
            }
        }
    }

    const exchange* exchange_for(std::size_t client_index) const {
        const exchange* found = nullptr;
        for (const upstream_conn& c : upstreams_) {
            for (const exchange& x : c.exchanges) {
                if (x.client_index == client_index && x.final_sent) found = &x;
            }
        }
        return found;
    }

    void final_checks() {
        for (upstream_id id = 0; id < upstreams_.size(); ++id) {
            if (upstreams_[id].requests.partial_head()) {
                add(finding_code::forwarded_malformed,
                    "upstream #" + std::to_string(id) + " received bytes that never became a " +
                        "request (a head without its end, or body bytes beyond the framing)");
                return;
            }
        }
        const auto& sent = oracle_.messages();
        const bool open = !client_closed_ && !client_closed_by_subject_;
        for (std::size_t k = 0; k < sent.size() && open; ++k) {
            if (!sent[k].valid()) {
                add(finding_code::kept_open_after_invalid,
                    "the client's request #" + std::to_string(k) + " is refused by the library (" +
                        std::string(to_string(sent[k].fault)) +
                        "), yet the connection stayed open (RFC 9112 §6.3: 400, then close)");
                return;
            }
        }
        if (!options_.require_answers || !open) return;
        for (std::size_t k = 0; k < sent.size(); ++k) {
            if (!sent[k].complete || finals_seen_ > k) continue;
            const bool timer = subject_->next_deadline() != fuzz_time::max();
            add(timer ? finding_code::no_answer : finding_code::no_deadline,
                "the client's request #" + std::to_string(k) + " (" + sent[k].method + " " +
                    sent[k].target + ") was sent whole and has no final response" +
                    (timer ? ", the connection open"
                           : ", the connection open and no timer set (a hang)"));
            return;
        }
        if (!responses_.messages().empty() && !responses_.messages().back().complete) {
            add(finding_code::no_answer, "the last response to the client never ended");
        }
    }

    // ---- Reporting --------------------------------------------------------------------------
    void add(finding_code c, std::string detail) {
        log("FINDING " + std::string(to_string(c)));
        findings_.push_back({c, std::move(detail)});
    }

    void log(std::string line) {
        if (timeline_.size() >= 400) return;
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now_ - start_).count();
        timeline_.push_back(std::to_string(ms) + "  " + std::move(line));
    }

    static std::string escape(std::string_view s, std::size_t limit) {
        std::string out = "\"";
        for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '\r') {
                out += "\\r";
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '"' || c == '\\') {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c < 0x20 || c >= 0x7f) {
                char hex[5];
                std::snprintf(hex, sizeof hex, "\\x%02x", c);
                out += hex;
            } else {
                out += static_cast<char>(c);
            }
        }
        if (s.size() > limit) out += "...";
        return out + "\"";
    }

    fuzz_options options_;
    fuzz_subject* subject_ = nullptr;
    scenario scenario_;
    const fuzz_time start_ = fuzz_time{} + std::chrono::hours(1);
    fuzz_time now_ = start_;
    std::size_t client_sent_ = 0;
    bool client_closed_ = false;  // by the scenario
    bool out_of_scope_ = false;   // the client sent CONNECT: nothing more is judged
    bool client_closed_by_subject_ = false;
    request_stream oracle_{options_.head_limit};
    response_stream responses_{options_.head_limit};
    std::size_t methods_told_ = 0;
    std::size_t responses_checked_ = 0, relayed_checked_ = 0;
    std::size_t finals_seen_ = 0, finals_compared_ = 0;
    std::deque<upstream_conn> upstreams_;
    std::vector<std::pair<upstream_id, std::size_t>> arrivals_;  // request heads upstream, in order
    std::size_t forwarded_ = 0, last_forwarded_ = 0;
    std::deque<event> queue_;
    std::vector<finding> findings_;
    std::vector<std::string> timeline_;
};

// The whole body of a LLVMFuzzerTestOneInput: builds the subject with the driver's io() and
// the extra arguments, runs the input, and on a finding prints the report and aborts (the
// fuzzer saves the input). With EXPECT100_FUZZ_REPORT set in the environment, it prints the
// report of every input (to read what a seed does). @return 0.
template <class Subject, class... Args>
int fuzz_one(const std::uint8_t* data, std::size_t size, const fuzz_options& options,
             Args&&... args) {
    fuzz_driver driver(options);
    Subject subject(driver.io(), std::forward<Args>(args)...);
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const bool found = !driver.run(input, subject).empty();
    if (found || std::getenv("EXPECT100_FUZZ_REPORT") != nullptr) {
        std::fputs(driver.report().c_str(), stderr);
    }
    if (found) std::abort();
    return 0;
}

}  // namespace expect100::testing

#endif  // EXPECT100_TESTING_FUZZ_DRIVER_HPP
