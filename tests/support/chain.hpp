// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Client ↔ intermediary ↔ server, in memory and virtual time: the scenario kit for whole
// exchanges through a proxy. A discrete-event loop carries each party's actions to its
// neighbour after a one-way delay, fires every machine's deadline, and plays a simple
// application on the server (accept and read, or reject at once; then answer). It records when
// things happened and counts body bytes at every hop, so tests can check timing, liveness (the
// loop ends with every party done or closed) and byte conservation.
#ifndef EXPECT100_TESTS_SUPPORT_CHAIN_HPP
#define EXPECT100_TESTS_SUPPORT_CHAIN_HPP

#include "machine.hpp"
#include "virtual_loop.hpp"

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/server.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

namespace expect100::test {

struct chain_options {
    virtual_clock::duration client_hop = std::chrono::milliseconds(10);   // client ↔ proxy
    virtual_clock::duration upstream_hop = std::chrono::milliseconds(1);  // proxy ↔ origin
    std::uint16_t reject_with = 0;  // the origin's application answers this at once (0: accept)
    std::uint16_t answer = 200;     // the origin's final status after the body
    next_hop_version hop = next_hop_version::unknown;
    http_version client_version = http_version::http_1_1;
    const char* expect_value = "100-continue";  // what the client's Expect says
    bool origin_sends_103 = false;  // a 103 Early Hints from the origin as soon as the head is in
    bool origin_closes = false;     // the origin's final responses carry Connection: close
};

template <class ClientTraits, class ProxyTraits, class ServerTraits>
class chain : public virtual_loop {
public:
    using trace_type = recording_trace<time_point, 64>;

    explicit chain(chain_options o) : o_(o) {}

    void run(const client_request& request) {
        request_ = request;
        now_ = t0;
        client_do(client_.start_request(request, now_));
        run_until_settled([this] {
            return advance(
                {{client_.next_deadline(), [this] { client_do(client_.on_timer(now_)); }},
                 {proxy_.next_deadline(), [this] { proxy_do(proxy_.on_timer(now_)); }},
                 {server_.next_deadline(), [this] { server_do(server_.on_timer(now_)); }}});
        });
    }

    const basic_client<ClientTraits, trace_type>& client() const { return client_; }
    const basic_intermediary<ProxyTraits, trace_type>& proxy() const { return proxy_; }
    const basic_server<ServerTraits>& server() const { return server_; }
    std::uint16_t final_status() const { return final_status_; }
    time_point final_at() const { return final_at_; }
    time_point body_left_client_at() const { return body_left_at_; }
    std::uint64_t bytes_at_proxy() const { return at_proxy_; }
    std::uint64_t bytes_at_origin() const { return at_origin_; }
    std::uint64_t heads_at_origin() const { return heads_at_origin_; }
    bool origin_saw_expect() const { return origin_saw_expect_; }
    std::vector<std::uint16_t> interims_at_client() const { return interims_; }

private:
    request_facts facts(bool with_expect, http_version v) const {
        const std::string cl = std::to_string(request_.content_length);
        std::vector<field> fields;
        if (request_.framing == body_framing::chunked)
            fields.push_back({"Transfer-Encoding", "chunked"});
        else if (request_.framing == body_framing::content_length)
            fields.push_back({"Content-Length", cl});
        if (with_expect) fields.push_back({"Expect", o_.expect_value});
        return analyze_request_head(request_.method == request_method::put ? "PUT" : "POST", v,
                                    fields);
    }

    response_facts response(std::uint16_t status) const {
        std::vector<field> fields{{"Content-Length", "0"}};
        if (o_.origin_closes) fields.push_back({"Connection", "close"});
        return analyze_response_head(status, http_version::http_1_1, fields, request_method::put);
    }

    // ---- client ---------------------------------------------------------------------------
    void client_do(const client_step& s) {
        note("client", s);
        watch("client", client_.invariants_hold());
        for (const auto& a : s.actions) {
            const client_action k = a.kind();
            if (k == client_action::send_head || k == client_action::send_head_with_expect) {
                const request_facts f =
                    facts(k == client_action::send_head_with_expect, o_.client_version);
                after(o_.client_hop,
                      [this, f] { proxy_do(proxy_.on_request_head(f, o_.hop, now_)); });
                client_do(client_.on_head_sent(now_));
            } else if (k == client_action::send_body) {
                body_left_at_ = now_;
                after(o_.client_hop,
                      [this] { body_arrives_at_proxy(request_.content_length, true); });
                client_do(client_.on_body_sent(now_));
            }  // skip, stop, close, retries: nothing more travels
        }
    }

    // ---- intermediary ---------------------------------------------------------------------
    void body_arrives_at_proxy(std::uint64_t n, bool end) {
        if (holding_) {  // the proxy stopped reading: the bytes wait in the socket
            held_bytes_ += n;
            held_end_ = held_end_ || end;
            return;
        }
        at_proxy_ += n;
        proxy_do(proxy_.on_body_bytes(n, now_));
        if (forwarding_)
            forward(n, false);
        else
            pending_ += n;
        if (end) {
            proxy_end_ = true;
            proxy_do(proxy_.on_body_end(now_));
            if (forwarding_) forward(0, true);
        }
    }

    void forward(std::uint64_t n, bool end) {
        after(o_.upstream_hop, [this, n, end] {
            if (n != 0) {
                at_origin_ += n;
                server_do(server_.on_body_bytes(n, now_));
            }
            if (end) {
                server_do(server_.on_body_end(now_));
                if (server_.state() == server_state::received) respond(o_.answer);
            }
        });
    }

    void proxy_do(const intermediary_step& s) {
        note("proxy", s);
        watch("proxy", proxy_.invariants_hold());
        for (const auto& a : s.actions) {
            const bool up = a.side() == action_side::upstream;
            const intermediary_action k = a.kind();
            if (k == intermediary_action::forward_head ||
                k == intermediary_action::forward_head_without_expect ||
                k == intermediary_action::forward_head_adding_expect) {
                const bool with = k == intermediary_action::forward_head_adding_expect ||
                                  (k == intermediary_action::forward_head &&
                                   o_.client_version == http_version::http_1_1);
                const request_facts f = facts(with, http_version::http_1_1);  // P-7: our version
                origin_saw_expect_ = origin_saw_expect_ || f.expect.kind != expectation_kind::none;
                ++heads_at_origin_;
                after(o_.upstream_hop, [this, f] { server_head(f); });
                proxy_do(proxy_.on_upstream_head_sent(now_));
            } else if (k == intermediary_action::forward_body) {
                forwarding_ = true;
                if (holding_) {
                    holding_ = false;
                    const std::uint64_t n = held_bytes_;
                    const bool end = held_end_;
                    held_bytes_ = 0;
                    held_end_ = false;
                    if (n != 0 || end) body_arrives_at_proxy(n, end);
                }
                if (pending_ != 0 || proxy_end_) {
                    forward(pending_, proxy_end_);
                    pending_ = 0;
                }
            } else if (k == intermediary_action::hold_body) {
                holding_ = true;
            } else if (k == intermediary_action::stop_body) {
                forwarding_ = false;
            } else if (k == intermediary_action::send_continue ||
                       k == intermediary_action::relay_interim) {
                const std::uint16_t st = k == intermediary_action::send_continue ? 100 : a.status();
                after(o_.client_hop, [this, st] {
                    interims_.push_back(st);
                    client_do(client_.on_interim_response(st, now_));
                });
            } else if (k == intermediary_action::relay_final ||
                       k == intermediary_action::send_final) {
                const response_facts r = response(a.status());
                after(o_.client_hop, [this, r] {
                    final_status_ = r.status;
                    final_at_ = now_;
                    client_do(client_.on_final_response(r, now_));
                    client_do(client_.on_response_complete(now_));
                });
                proxy_do(proxy_.on_response_complete(now_));
            } else if (k == intermediary_action::close && up) {
                forwarding_ = false;
                after(o_.upstream_hop, [this] { server_do(server_.on_peer_closed(now_)); });
            }
        }
    }

    // ---- origin ---------------------------------------------------------------------------
    void server_head(const request_facts& f) {
        if (o_.origin_sends_103) {
            after(o_.upstream_hop, [this] { proxy_do(proxy_.on_upstream_interim(103, now_)); });
        }
        server_do(server_.on_request_head(f, now_));
        play_origin_head(
            server_, now_, o_.reject_with, o_.answer,
            [this](const server_step& st) { server_do(st); },
            [this](std::uint16_t status) { respond(status); });
    }

    void respond(std::uint16_t status) {
        server_do(server_.on_final_response(status, now_));
        to_proxy_final(status);
        server_do(server_.on_response_complete(now_));
    }

    void to_proxy_final(std::uint16_t status) {
        const response_facts r = response(status);
        after(o_.upstream_hop, [this, r] { proxy_do(proxy_.on_upstream_final(r, now_)); });
    }

    void server_do(const server_step& s) {
        note("origin", s);
        watch("origin", server_.invariants_hold());
        bool wrote_final = false;
        for (const auto& a : s.actions) {
            if (a.kind() == server_action::send_continue) {
                after(o_.upstream_hop, [this] { proxy_do(proxy_.on_upstream_interim(100, now_)); });
            }
            if (a.kind() == server_action::send_final) {
                to_proxy_final(a.status());
                wrote_final = true;
            }
        }
        if (wrote_final) server_do(server_.on_response_complete(now_));
    }

    chain_options o_;
    basic_client<ClientTraits, trace_type> client_;
    basic_intermediary<ProxyTraits, trace_type> proxy_;
    basic_server<ServerTraits> server_;
    client_request request_;
    time_point body_left_at_{};
    time_point final_at_{};
    std::uint64_t at_proxy_ = 0;
    std::uint64_t at_origin_ = 0;
    std::uint64_t pending_ = 0;
    std::uint64_t held_bytes_ = 0;
    std::uint64_t heads_at_origin_ = 0;
    std::uint16_t final_status_ = 0;
    bool forwarding_ = false;
    bool holding_ = false;
    bool held_end_ = false;
    bool proxy_end_ = false;
    bool origin_saw_expect_ = false;
    std::vector<std::uint16_t> interims_;
};

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_CHAIN_HPP
