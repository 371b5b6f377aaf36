// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The poll proxy's connection logic: one client connection and its upstream, its own HTTP/1.1
// parsing, the intermediary machine's actions performed. No socket and no clock of its own: a
// Transport moves the bytes and tells the time, so the same code runs over sockets
// (poll_proxy.cpp) and under the fuzz kit's driver (fuzz/kit/poll_proxy_fuzz.cpp).
//
// Who decides what
// ----------------
// The machine (basic_intermediary with run-time traits) decides everything about Expect: what
// goes upstream and when, which 1xx reach the client, our own 100 after the grace, what becomes
// of a body sent early, the answer to a failing or silent upstream, close or drain after an early
// final response. This file parses, frames bodies, moves bytes, and performs the machine's
// actions (perform()). The owner takes deadline() into its wait after every event.
#ifndef EXPECT100_EXAMPLES_POLL_PROXY_CONNECTION_HPP
#define EXPECT100_EXAMPLES_POLL_PROXY_CONNECTION_HPP

#include <expect100/intermediary.hpp>
#include <expect100/message.hpp>
#include <expect100/presets.hpp>
#include <expect100/wire.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace poll_proxy {

using namespace expect100;
using clock_type = std::chrono::steady_clock;
using machine = basic_intermediary<presets::runtime_intermediary<clock_type>>;

constexpr std::size_t head_limit =
    std::size_t{16} * 1024;  // a longer head is refused (431, or 502 upstream)

// ---- Parsing a head ------------------------------------------------------------------------

using field_list = std::vector<std::pair<std::string_view, std::string_view>>;

struct parsed_head {
    std::string text;  // the head as received, CRLF CRLF included; the views below point into it
    std::string_view first, second, third;  // method target version | version status reason
    field_list fields;
};

// Splits a complete head into its start line and field lines. Field values are trimmed of
// spaces and tabs (RFC 9110 §5.5); what a field may contain is judged by the analysers
// (message.hpp), which refuse the smuggling shapes. @return false on a malformed line.
bool split_head(parsed_head& h) {
    std::string_view rest = h.text;
    const auto line = [&rest]() {
        const std::size_t end = rest.find("\r\n");
        const std::string_view l = rest.substr(0, end);
        rest.remove_prefix(end + 2);
        return l;
    };
    std::string_view start = line();
    const std::size_t s1 = start.find(' ');
    const std::size_t s2 = s1 == std::string_view::npos ? s1 : start.find(' ', s1 + 1);
    if (s2 == std::string_view::npos) {
        // A status line may have no reason phrase: "HTTP/1.1 200".
        if (s1 == std::string_view::npos) return false;
        h.first = start.substr(0, s1);
        h.second = start.substr(s1 + 1);
        h.third = {};
    } else {
        h.first = start.substr(0, s1);
        h.second = start.substr(s1 + 1, s2 - s1 - 1);
        h.third = start.substr(s2 + 1);
    }
    h.fields.clear();
    while (rest.size() > 2) {
        const std::string_view l = line();
        const std::size_t colon = l.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        std::string_view value = l.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        h.fields.emplace_back(l.substr(0, colon), value);  // a space before the colon stays in
    }                                                      // the name: the analyser refuses it
    return true;
}

// The request-target is forwarded as it came: visible characters only (RFC 9112 §3.2), so that
// no next hop can read the request line differently. The analysers judge the method and the
// version; the target is this parser's to check.
bool is_request_target(std::string_view target) {
    return !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) != 0x7f;
    });
}

bool is_expect(std::string_view name) {  // field names are case-insensitive (RFC 9110 §5.1)
    return name.size() == 6 && std::equal(name.begin(), name.end(), "expect",
                                          [](char a, char b) { return (a | 0x20) == b; });
}

// ---- Finding where a body ends ---------------------------------------------------------------

// Counts content bytes and finds the end of a body under its framing (RFC 9112 §6.3), without
// changing the bytes: the relay forwards them as they came, chunk framing included.
class body_framer {
public:
    void start(body_framing f, std::uint64_t length) {
        framing_ = f;
        left_ = length;
        chunk_ = chunk_state::size_line;
        line_.clear();
        done_ = f == body_framing::none || (f == body_framing::content_length && length == 0);
    }
    bool done() const { return done_; }
    bool until_close() const { return framing_ == body_framing::until_close; }

    struct progress {
        std::size_t used = 0;       // bytes of the input that belong to this body
        std::uint64_t content = 0;  // content bytes among them (chunk framing excluded)
        bool bad = false;           // chunk framing that does not parse (RFC 9112 §7.1)
    };

    progress feed(std::string_view in) {
        progress p;
        while (p.used < in.size() && !done_) {
            const std::string_view rest = in.substr(p.used);
            if (framing_ == body_framing::until_close) {
                p.used += rest.size();
                p.content += rest.size();
            } else if (framing_ == body_framing::content_length || chunk_ == chunk_state::data) {
                // Counted content: the whole body, or the current chunk's data.
                const std::size_t n =
                    static_cast<std::size_t>(std::min<std::uint64_t>(left_, rest.size()));
                p.used += n;
                p.content += n;
                left_ -= n;
                if (left_ != 0) continue;
                if (framing_ == body_framing::content_length)
                    done_ = true;
                else
                    chunk_ = chunk_state::data_end;
            } else {  // a line: a chunk size, the CRLF after data, or a trailer line
                // A line is used (and so forwarded) only once it is whole and judged: no byte
                // of a malformed line reaches the next hop.
                const std::size_t lf = rest.find('\n');
                if (lf == std::string_view::npos) {
                    if (rest.size() > 4096) fail(p);  // no line of chunk framing is that long
                    break;
                }
                line_.assign(rest.substr(0, lf + 1));
                p.used += lf + 1;
                if (!end_of_line(p)) return p;
            }
        }
        return p;
    }

private:
    enum class chunk_state { size_line, data, data_end, trailers };

    // Every line ends in CRLF and holds no other CR, LF or control character (RFC 9112 §7.1,
    // §2.2): a lenient reading here and a different one at the next hop is how chunked bodies
    // smuggle requests.
    bool end_of_line(progress& p) {
        std::string_view l = line_;
        if (l.size() < 2 || l.substr(l.size() - 2) != "\r\n") return fail(p);
        l.remove_suffix(2);
        for (char c : l) {
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7f') return fail(p);
        }
        switch (chunk_) {
        case chunk_state::size_line: {
            const std::string_view size = l.substr(0, l.find(';'));  // chunk extensions ignored
            std::uint64_t n = 0;
            if (size.empty() || size.size() > 15) return fail(p);
            for (char c : size) {
                const int d = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
                if (d < 0) return fail(p);
                n = n * 16 + static_cast<std::uint64_t>(d);
            }
            left_ = n;
            chunk_ = n == 0 ? chunk_state::trailers : chunk_state::data;
            break;
        }
        case chunk_state::data_end:  // the CRLF right after the data, nothing else
            if (!l.empty()) return fail(p);
            chunk_ = chunk_state::size_line;
            break;
        case chunk_state::trailers:  // field lines (RFC 9112 §7.1.2), then an empty line
            if (!l.empty() && !is_field_line(l)) return fail(p);
            done_ = l.empty();
            break;
        case chunk_state::data: break;
        }
        line_.clear();
        return true;
    }
    // `token ":" ...`: a name of token characters right before the colon (RFC 9112 §5.1).
    static bool is_field_line(std::string_view l) {
        const std::size_t colon = l.find(':');
        if (colon == 0 || colon == std::string_view::npos) return false;
        return std::all_of(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                   std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        });
    }
    bool fail(progress& p) {
        p.bad = true;
        done_ = true;
        return false;
    }

    body_framing framing_ = body_framing::none;
    std::uint64_t left_ = 0;
    chunk_state chunk_ = chunk_state::size_line;
    std::string line_;
    bool done_ = true;
};

struct settings {
    std::uint16_t upstream_port = 0;
    intermediary_policy policy;
    next_hop_version hop = next_hop_version::unknown;  // --upstream-http10: known HTTP/1.0 (P-3)
    std::uint64_t max_body = 0;                        // --max-body: above it, 413 (0: no limit)
};

// Transport: what moves the bytes (poll_proxy.cpp: sockets; fuzz/kit: the fuzz driver).
//   clock_type::time_point now();
//   long send_down(std::string_view), send_up(std::string_view): bytes taken, or -1 when the
//       connection failed (send_up takes 0 while the connection is still being made)
//   bool open_up(): starts a connection upstream; false when that failed at once
//   bool up_open(): a connection upstream exists (made or being made)
//   void close_up(), close_down()
//   bool down_open()
// The owner feeds the events: on_down_bytes/on_down_closed, on_up_bytes/on_up_closed,
// on_up_writable (connected, or room again), on_time when deadline() passed.
template <class Transport>
class connection {
public:
    connection(Transport t, const settings& s) : t_(std::move(t)), s_(s), machine_(s.policy) {}
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection() { shut(); }

    bool finished() const { return !t_.down_open(); }
    Transport& transport() { return t_; }
    // For the owner's event loop: what this connection waits for.
    bool reading_down() const {  // false while a held body fills its buffer (backpressure)
        return !(body_ == body_gate::held && held_.size() >= std::size_t{64} * 1024);
    }
    bool writing_down() const { return !down_out_.empty(); }
    bool writing_up() const { return !up_out_.empty(); }

    void on_down_bytes(std::string_view bytes) {
        if (finished()) return;
        down_in_.append(bytes);
        parse_request();
    }
    void on_down_closed() {
        if (finished()) return;
        (void)machine_.on_downstream_closed(t_.now());
        shut();
    }
    void on_down_writable() { flush_down(); }
    void on_up_writable() { flush_up(); }
    void on_up_bytes(std::string_view bytes) {
        if (!t_.up_open()) return;
        up_in_.append(bytes);
        parse_response();
    }
    void on_up_closed() {
        if (t_.up_open()) on_upstream_closed();
    }

    clock_type::time_point deadline() const { return machine_.next_deadline(); }
    void on_time() {
        if (!finished() && t_.now() >= machine_.next_deadline())
            perform(machine_.on_timer(t_.now()));
    }

private:
    enum class body_gate { none, held, open, dropped };

    // ---- The client's side ---------------------------------------------------------------
    void parse_request() {
        while (!finished()) {
            if (!in_request_) {
                // A new head only between exchanges (the machine is idle again, draining done).
                if (machine_.state() != intermediary_state::idle) return;
                // Empty lines before a request line are skipped (RFC 9112 §2.2 SHOULD).
                while (down_in_.compare(0, 2, "\r\n") == 0)
                    down_in_.erase(0, 2);
                const std::size_t end = down_in_.find("\r\n\r\n");
                if (end == std::string::npos) {
                    if (down_in_.size() > head_limit) own_answer(431);
                    return;
                }
                start_request(end + 4);
                continue;
            }
            if (req_body_.done()) return;
            const body_framer::progress p = req_body_.feed(down_in_);
            const std::string bytes = down_in_.substr(0, p.used);
            down_in_.erase(0, p.used);
            if (p.bad) return own_answer(400);
            if (p.used == 0) return;
            move_body(bytes);
            // The machine wants content bytes (chunk framing excluded), as they are read; and
            // on_body_end for every body, Content-Length ones included.
            if (p.content != 0) perform(machine_.on_body_bytes(p.content, t_.now()));
            if (req_body_.done() && !finished()) {
                perform(machine_.on_body_end(t_.now()));
                after_exchange();  // an answer that came first may have been waiting for this
            }
        }
    }

    void start_request(std::size_t head_size) {
        req_ = parsed_head{};
        req_.text = down_in_.substr(0, head_size);
        down_in_.erase(0, head_size);
        const bool split = split_head(req_) && is_request_target(req_.second);
        const request_facts facts =
            split ? analyze_request_head(req_.first, to_http_version(req_.third), req_.fields)
                  : analyze_request_head("", http_version::unsupported, field_list{});
        method_ = to_request_method(req_.first);
        client_http10_ = facts.version == http_version::http_1_0;
        in_request_ = true;
        body_ = facts.has_content() ? body_gate::held : body_gate::none;
        held_.clear();
        req_body_.start(facts.valid() && facts.has_content() ? facts.framing : body_framing::none,
                        facts.content_length);
        // An invalid head (a smuggling shape, RFC 9112 §6.3) is the machine's to refuse: 400
        // and close, nothing goes upstream.
        // A decision from the head alone (P-1): the machine writes it, nothing goes upstream.
        local_answer answer;
        if (s_.max_body != 0 && facts.framing == body_framing::content_length &&
            facts.content_length > s_.max_body) {
            answer.status = 413;
        }
        perform(machine_.on_request_head(facts, s_.hop, t_.now(), answer));
    }

    // Where the client's body bytes go: the machine opened the gate (forward_body), or they
    // wait here (held), or they are read and dropped (discard_body after an early answer).
    void move_body(const std::string& bytes) {
        switch (body_) {
        case body_gate::open:
            up_out_.append(bytes);
            flush_up();
            break;
        case body_gate::held: held_.append(bytes); break;
        case body_gate::none:
        case body_gate::dropped: break;
        }
    }

    // A limit of this program's own, before the machine. A body found broken after the final
    // response went out gets no second answer (one per request): the connection just closes.
    void own_answer(std::uint16_t status) {
        if (final_started_) {
            close_after_flush_ = true;
            return flush_down();
        }
        append_own_final(down_out_, status, connection_header::close, "poll-proxy");
        close_after_flush_ = true;
        flush_down();
    }

    // ---- The upstream's side ---------------------------------------------------------------
    void parse_response() {
        while (t_.up_open()) {
            if (!awaiting_response_) {
                if (!up_in_.empty()) reusable_ = false;  // bytes nobody asked for
                return;
            }
            if (!resp_in_body_) {
                const std::size_t end = up_in_.find("\r\n\r\n");
                if (end == std::string::npos) {
                    if (up_in_.size() > head_limit) return upstream_broken();
                    return;
                }
                resp_ = parsed_head{};
                resp_.text = up_in_.substr(0, end + 4);
                up_in_.erase(0, end + 4);
                if (!split_head(resp_)) return upstream_broken();
                const unsigned status = static_cast<unsigned>(
                    std::strtoul(std::string(resp_.second).c_str(), nullptr, 10));
                const response_facts facts = analyze_response_head(
                    status, to_http_version(resp_.first), resp_.fields, method_);
                if (facts.is_interim()) {  // a 1xx: the machine decides; then the next head
                    perform(
                        machine_.on_upstream_interim(static_cast<std::uint16_t>(status), t_.now()));
                    continue;
                }
                if (!facts.valid() || status == 101) return upstream_broken();
                if (facts.connection == connection_intent::close) reusable_ = false;
                resp_in_body_ = true;
                resp_body_.start(facts.framing, facts.content_length);
                const std::uint64_t exchange = up_exchange_;
                perform(machine_.on_upstream_final(facts, t_.now()));
                // A 417 the machine answered by sending the head again without Expect (T-P-18)
                // is never relayed: its connection is gone, the new one is read from now on.
                if (up_exchange_ != exchange) return;
                if (resp_body_.done()) return response_done();
                continue;
            }
            const body_framer::progress p = resp_body_.feed(up_in_);
            if (p.bad) return upstream_broken();
            if (relaying_) down_out_.append(up_in_, 0, p.used);  // as it came, framing and all
            up_in_.erase(0, p.used);
            flush_down();
            if (resp_body_.done()) return response_done();
            if (p.used == 0) return;
        }
    }

    void response_done() {
        awaiting_response_ = false;
        resp_in_body_ = false;
        const bool relayed = relaying_;
        relaying_ = false;
        if (relayed) perform(machine_.on_response_complete(t_.now()));
        flush_down();  // and close now, if a close was waiting for this end
        after_exchange();
    }

    void upstream_broken() {  // a malformed response: as a failure (502 before the final head)
        reusable_ = false;
        close_upstream();
        if (relaying_) return shut();  // cut mid-way: the client must see the close
        perform(machine_.on_upstream_failed(t_.now()));
    }

    void on_upstream_closed() {
        if (resp_in_body_ && resp_body_.until_close()) {  // RFC 9112 §6.3 item 8
            close_upstream();
            return response_done();
        }
        close_upstream();
        if (!awaiting_response_) return;  // an idle connection went away: nothing lost
        if (relaying_) return shut();
        perform(machine_.on_upstream_failed(t_.now()));
    }

    void open_upstream(std::string_view expect_change) {
        if (!t_.up_open()) {
            reusable_ = true;
            if (!t_.open_up()) {
                awaiting_response_ = true;
                return perform(machine_.on_upstream_failed(t_.now()));
            }
        }
        // The request head for the next hop: HTTP/1.1 (P-7), no hop-by-hop fields (P-10),
        // Expect as the machine said, and a Via line (RFC 9110 §7.6.3).
        std::string head(req_.first);
        head.append(" ").append(req_.second).append(" HTTP/1.1\r\n");
        for (const auto& [name, value] : req_.fields) {
            if (is_hop_by_hop(name)) continue;
            if (is_expect(name) && expect_change != "keep") {
                // 100-continue is answered here; other expectations travel on (P-6).
                std::string rest;
                if (append_expect_without_continue(rest, value)) {
                    head.append("Expect: ").append(rest).append("\r\n");
                }
                continue;
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        if (expect_change == "add") head.append("Expect: 100-continue\r\n");
        head.append("Via: 1.1 poll-proxy\r\n\r\n");
        up_out_.append(head);
        head_unsent_ = up_out_.size();
        ++up_exchange_;
        awaiting_response_ = true;
        resp_in_body_ = false;
        flush_up();
    }

    void close_upstream() {
        t_.close_up();
        up_in_.clear();
        up_out_.clear();
        head_unsent_ = 0;
    }

    // ---- Performing the machine's actions ---------------------------------------------------
    // Every action of the step, in order. Two of them make the program feed the machine again:
    // our own final is written at once, so its completion (on_response_complete) is fed after
    // this loop; a failed upstream connect is fed from open_upstream() right away (the rest of
    // this step then still applies: docs/reference/step.md).
    void perform(const intermediary_step& s) {
        if (s.origin == error_origin::local || s.origin == error_origin::internal) {
            std::fprintf(stderr, "poll-proxy: the machine refused an event: %s (a wiring bug)\n",
                         s.error.message().c_str());
        }
        bool own_final_written = false;
        for (const auto& a : s.actions) {
            const bool up = a.side() == action_side::upstream;
            switch (a.kind()) {  // every intermediary action, no default
            case intermediary_action::forward_head: open_upstream("keep"); break;
            case intermediary_action::forward_head_without_expect: open_upstream("drop"); break;
            case intermediary_action::forward_head_adding_expect: open_upstream("add"); break;
            case intermediary_action::forward_body:  // the gate opens: what waited, then the rest
                body_ = body_gate::open;
                up_out_.append(held_);
                held_.clear();
                flush_up();
                break;
            case intermediary_action::hold_body: body_ = body_gate::held; break;
            case intermediary_action::stop_body:  // the origin answered: no more of it goes up
                body_ = body_gate::dropped;
                held_.clear();
                break;
            case intermediary_action::relay_interim:
                if (a.status() == 100) {
                    append_interim(down_out_);
                } else {  // a 103 keeps its fields (Link); never framing fields on a 1xx (G-17)
                    write_response_head(kept_in_relayed_interim);
                    down_out_.append("\r\n");
                }
                break;
            case intermediary_action::relay_final: relay_final_head(); break;
            case intermediary_action::send_continue: append_interim(down_out_); break;
            case intermediary_action::send_final:
                append_own_final(down_out_, a.status(),
                                 add_close_ || client_http10_ ? connection_header::close
                                                              : connection_header::keep_alive,
                                 "poll-proxy");
                if (add_close_ || client_http10_) close_after_flush_ = true;
                own_final_written = true;
                final_started_ = true;
                if (awaiting_response_) reusable_ = false;  // the origin's answer is never read
                break;
            case intermediary_action::discard_body:  // read and drop; the machine counts, caps,
                                                     // closes
                body_ = body_gate::dropped;
                held_.clear();
                break;
            case intermediary_action::add_close:  // for the final response that follows
                add_close_ = true;
                break;
            case intermediary_action::close:
                if (up) {
                    if (!relaying_) close_upstream();
                    reusable_ = false;
                } else {
                    close_after_flush_ = true;  // after what is queued: a final must not be cut
                }
                break;
            }
        }
        flush_down();
        if (own_final_written) {
            awaiting_response_ = false;
            resp_in_body_ = false;
            perform(machine_.on_response_complete(t_.now()));
            after_exchange();
        }
    }

    // The upstream's status line in our own version (P-7) and the fields `keep` keeps; the
    // caller adds its own lines and the blank line.
    template <class Keep>
    void write_response_head(Keep keep) {
        down_out_.append("HTTP/1.1 ").append(resp_.second).append(" ").append(resp_.third);
        down_out_.append("\r\n");
        for (const auto& [name, value] : resp_.fields) {
            if (keep(name)) down_out_.append(name).append(": ").append(value).append("\r\n");
        }
    }

    void relay_final_head() {
        relaying_ = true;
        final_started_ = true;
        const bool close = add_close_ || client_http10_ || resp_body_.until_close();
        if (close) close_after_flush_ = true;
        write_response_head([](std::string_view name) { return !is_hop_by_hop(name); });
        down_out_.append("Via: 1.1 poll-proxy\r\n");
        if (close) down_out_.append("Connection: close\r\n");
        down_out_.append("\r\n");
    }

    // The exchange is over when the machine is idle again (a draining body read and dropped
    // first): the upstream goes back to being this connection's while it is reusable, and the
    // next request is read.
    void after_exchange() {
        if (machine_.state() == intermediary_state::closed || close_after_flush_)
            return flush_down();
        if (machine_.state() != intermediary_state::idle || !req_body_.done()) return;
        if (!reusable_ || awaiting_response_) close_upstream();
        in_request_ = false;
        add_close_ = false;
        final_started_ = false;
        body_ = body_gate::none;
        parse_request();  // a request that came behind this one
    }

    // ---- Writing ------------------------------------------------------------------------------
    void flush_down() {
        if (finished()) return;
        const long n = down_out_.empty() ? 0 : t_.send_down(down_out_);
        if (n < 0) {
            (void)machine_.on_downstream_closed(t_.now());
            return shut();
        }
        down_out_.erase(0, static_cast<std::size_t>(n));
        // A close waits for the end of a response still being relayed, then for its last byte.
        if (down_out_.empty() && close_after_flush_ && !relaying_) shut();
    }

    void flush_up() {
        if (!t_.up_open()) return;
        const long n = up_out_.empty() ? 0 : t_.send_up(up_out_);
        if (n < 0) {
            close_upstream();
            if (awaiting_response_ && !relaying_) perform(machine_.on_upstream_failed(t_.now()));
            return;
        }
        up_out_.erase(0, static_cast<std::size_t>(n));
        if (head_unsent_ != 0) {
            head_unsent_ -= std::min(head_unsent_, static_cast<std::size_t>(n));
            // The head is flushed: the grace and the upstream timeout start now. Fed only while
            // this exchange still waits on upstream (an early answer may have come first).
            if (head_unsent_ == 0 && awaiting_response_ && !relaying_) {
                perform(machine_.on_upstream_head_sent(t_.now()));
            }
        }
    }

    void shut() {
        t_.close_down();
        close_upstream();
    }

    Transport t_;
    const settings& s_;
    machine machine_;
    std::string down_in_, down_out_, up_in_, up_out_;
    std::string held_;  // body bytes read before the machine opened the gate
    parsed_head req_, resp_;
    body_framer req_body_, resp_body_;
    request_method method_ = request_method::get;
    body_gate body_ = body_gate::none;
    std::size_t head_unsent_ = 0;    // bytes of the request head still in up_out_
    std::uint64_t up_exchange_ = 0;  // counts heads sent upstream
    bool in_request_ = false;
    bool client_http10_ = false;
    bool awaiting_response_ = false;
    bool resp_in_body_ = false;
    bool relaying_ = false;
    bool reusable_ = true;
    bool add_close_ = false;
    bool final_started_ = false;  // this request's final response was relayed or written
    bool close_after_flush_ = false;
};

}  // namespace poll_proxy

#endif  // EXPECT100_EXAMPLES_POLL_PROXY_CONNECTION_HPP
