// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// A client machine wired to a server machine in memory, in virtual time: a small discrete-event
// loop that carries each side's actions to the other after a one-way delay, fires each
// machine's deadline, and plays a simple application on the server (accept or reject the head,
// read the body, answer 200). No sockets, no sleeps. Records what each side did, so a test can
// check the whole exchange: when the body left, how many bytes arrived, which final came back.
#ifndef EXPECT100_TESTS_SUPPORT_LOOPBACK_HPP
#define EXPECT100_TESTS_SUPPORT_LOOPBACK_HPP

#include "machine.hpp"
#include "virtual_loop.hpp"

#include <expect100/client.hpp>
#include <expect100/server.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <vector>

namespace expect100::test {

// What the server's application does with a head.
struct server_application {
    std::uint16_t reject_with = 0;  // 0: accept and read the body; otherwise answer this at once
    std::uint16_t answer = 200;     // the final status after the body
};

template <class ClientTraits, class ServerTraits>
class loopback : public virtual_loop {
public:
    loopback(duration one_way, server_application app) : delay_(one_way), app_(app) {}

    // Runs one request to completion (or until nothing is left to happen).
    void run(const client_request& request, time_point start) {
        now_ = start;
        request_ = request;
        client_do(client_.start_request(request, now_));
        run_until_settled([this] {
            return advance(
                {{client_.next_deadline(), [this] { client_do(client_.on_timer(now_)); }},
                 {server_.next_deadline(), [this] { server_do(server_.on_timer(now_)); }}});
        });
    }

    const basic_client<ClientTraits>& client() const { return client_; }
    const basic_server<ServerTraits>& server() const { return server_; }
    std::uint64_t body_bytes_at_server() const { return body_at_server_; }
    std::uint16_t final_status() const { return final_status_; }
    time_point body_left_at() const { return body_left_at_; }
    time_point final_at() const { return final_at_; }
    time_point now() const { return now_; }

private:
    void client_do(const client_step& s) {
        note("client", s);
        watch("client", client_.invariants_hold());
        for (const auto& a : s.actions) {
            switch (a.kind()) {
            case client_action::send_head:
            case client_action::send_head_with_expect: {
                const bool with = a.kind() == client_action::send_head_with_expect;
                const std::string cl = std::to_string(request_.content_length);
                std::vector<field> fields;
                if (request_.framing == body_framing::chunked) {
                    fields.push_back({"Transfer-Encoding", "chunked"});
                } else if (request_.framing == body_framing::content_length) {
                    fields.push_back({"Content-Length", cl});
                }
                if (with) fields.push_back({"Expect", "100-continue"});
                const request_facts facts =
                    analyze_request_head(request_.method == request_method::put ? "PUT" : "POST",
                                         http_version::http_1_1, fields);
                after(delay_, [this, facts] { server_head(facts); });
                client_do(client_.on_head_sent(now_));
                break;
            }
            case client_action::send_body:
                body_left_at_ = now_;
                after(delay_, [this] {
                    server_do(server_.on_body_bytes(request_.content_length, now_));
                    body_at_server_ += request_.content_length;
                    server_do(server_.on_body_end(now_));
                    server_after_body();
                });
                client_do(client_.on_body_sent(now_));
                break;
            case client_action::skip_body:
            case client_action::stop_body:
            case client_action::end_chunked_body:
            case client_action::retry_without_expect:
            case client_action::retry_request:
            case client_action::close:
                break;  // the kit plays one request; these are the scenarios' to check
            }
        }
    }

    void server_head(const request_facts& facts) {
        server_do(server_.on_request_head(facts, now_));
        play_origin_head(
            server_, now_, app_.reject_with, app_.answer,
            [this](const server_step& st) { server_do(st); },
            [this](std::uint16_t status) { respond(status); });
    }

    void server_after_body() {
        if (server_.state() == server_state::received) {
            respond(app_.answer);
        }
    }

    void respond(std::uint16_t status) {
        server_do(server_.on_final_response(status, now_));
        const response_facts r =
            analyze_response_head(status, http_version::http_1_1,
                                  std::vector<field>{{"Content-Length", "0"}}, request_method::put);
        after(delay_, [this, r] {
            final_status_ = r.status;
            final_at_ = now_;
            client_do(client_.on_final_response(r, now_));
            client_do(client_.on_response_complete(now_));
        });
        server_do(server_.on_response_complete(now_));
    }

    void server_do(const server_step& s) {
        note("server", s);
        watch("server", server_.invariants_hold());
        bool wrote_final = false;
        for (const auto& a : s.actions) {
            if (a.kind() == server_action::send_continue) {
                after(delay_, [this] { client_do(client_.on_interim_response(100, now_)); });
            }
            if (a.kind() == server_action::send_final) {
                const std::uint16_t status = a.status();
                const response_facts r = analyze_response_head(
                    status, http_version::http_1_1, std::vector<field>{{"Content-Length", "0"}},
                    request_method::put);
                after(delay_, [this, r] {
                    final_status_ = r.status;
                    final_at_ = now_;
                    client_do(client_.on_final_response(r, now_));
                    client_do(client_.on_response_complete(now_));
                });
                wrote_final = true;
            }
        }
        if (wrote_final) {  // the machine's own final response (417, 408) is written at once
            server_do(server_.on_response_complete(now_));
        }
    }

    basic_client<ClientTraits> client_;
    basic_server<ServerTraits> server_;
    duration delay_;
    server_application app_;
    client_request request_;
    time_point body_left_at_{};
    time_point final_at_{};
    std::uint64_t body_at_server_ = 0;
    std::uint16_t final_status_ = 0;
};

}  // namespace expect100::test

#endif  // EXPECT100_TESTS_SUPPORT_LOOPBACK_HPP
