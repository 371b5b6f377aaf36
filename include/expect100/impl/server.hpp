// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_server (see server.hpp for the theory of operation).
#ifndef EXPECT100_IMPL_SERVER_HPP
#define EXPECT100_IMPL_SERVER_HPP

#include <expect100/server.hpp>  // so this header also compiles alone

namespace expect100 {

template <class Traits, class Trace>
void basic_server<Traits, Trace>::send_owed_continue(step& s) noexcept {
    if (continue_ == continue_status::owed) {
        s.actions.push_back(action::make(action_kind::send_continue));
        continue_ = continue_status::sent;
    }
}

template <class Traits, class Trace>
void basic_server<Traits, Trace>::arm_stall(time_point now) noexcept {
    deadline_ = policy().on_body_stall == stall_action::wait
                    ? time::no_deadline()
                    : time::after(now, duration(policy().body_stall_timeout));
}

// The one place that starts a final response, the application's or the machine's own (417):
// no 100 after it, Connection: close when the connection cannot persist, and the early-final
// policy when the body is still due (S-7, S-8, S-9).
template <class Traits, class Trace>
void basic_server<Traits, Trace>::start_final(std::uint16_t status, final_origin origin,
                                              time_point now, step& s) noexcept {
    using S = server_state;
    const server_event on =
        origin == final_origin::machine ? server_event::request_head : server_event::final_response;
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;  // never a 100 after the final response
    }
    deadline_ = time::no_deadline();
    const bool body_due =
        state() != S::received && !body_complete_known() && framing_ != body_framing::none;
    if (body_due) {  // S-8, S-9: close, or read and drop the rest within the caps
        const bool known = framing_ == body_framing::content_length;
        const after_early_final plan =
            plan_after_early_final(policy().after_early_final, reuse_ == reuse::close,
                                   {known, known ? content_length_ - received_ : 0}, received_ != 0,
                                   continue_ == continue_status::sent, policy().discard_byte_limit);
        reuse_ = plan.closes ? reuse::close : reuse::after_discarding;
        discard_limit_ = plan.discard_limit;
        if (!plan.closes) deadline_ = time::after(now, duration(policy().discard_time_limit));
    }
    // add_close first: it applies to the response head about to be written.
    if (reuse_ == reuse::close) {
        s.actions.push_back(action::make(action_kind::add_close));
    }
    if (origin == final_origin::machine) {
        s.actions.push_back(action::send_final(status));
    }
    if (reuse_ == reuse::after_discarding) {
        s.actions.push_back(action::discard_body(discard_limit_));
    }
    core_.commit(s, on, body_due ? S::responding_early : S::responding, now, status);
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_request_head(const request_facts& head,
                                                         time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::request_head, now, s)) return s;
    content_length_ = head.content_length;
    received_ = 0;
    discard_limit_ = 0;
    framing_ = head.has_content() ? head.framing : body_framing::none;
    continue_ = continue_status::not_owed;
    reuse_ = head.connection == connection_intent::keep_alive ? reuse::keep_alive : reuse::close;
    deadline_ = time::no_deadline();
    // An invalid head (smuggling shapes, broken fields) or a malformed Expect under reject_400:
    // the peer's fault, answered with 400 (505) and a close; nothing of the request is read.
    const auto refuse_head = [&](errc fault) {
        step refused = core_.refuse(fault, error_origin::remote);
        refused.actions.push_back(action::make(action_kind::add_close));
        refused.actions.push_back(action::send_final(suggested_status(fault)));
        refused.actions.push_back(action::make(action_kind::close));
        core_.commit(refused, server_event::request_head, S::closed, now, suggested_status(fault));
        return refused;
    };
    if (!head.valid()) {
        return refuse_head(head.fault);
    }
    // Expectations mean nothing on HTTP/1.0 (S-1): neither a 100 nor a 417.
    const bool expectations_apply = is_http_1_1_or_later(head.version);
    const expectation& e = head.expect;
    if (expectations_apply && e.kind == expectation_kind::malformed &&
        policy().on_malformed_expectation == malformed_expectation_action::reject_400) {
        return refuse_head(errc::malformed_expectation);
    }
    const bool unknown =
        e.kind == expectation_kind::unsupported ||
        (e.kind == expectation_kind::continue_100 && e.notes.has(expect_note::unknown_member));
    if (expectations_apply && unknown &&
        policy().on_unknown_expectation == unknown_expectation_action::reject_417) {
        // S-11: the request is not processed; its body (if any) is handled as after any
        // early final response.
        start_final(417, final_origin::machine, now, s);
        return s;
    }
    const bool put_or_post =
        head.method == request_method::put || head.method == request_method::post;
    if (head.expects_continue() ||
        (policy().unsolicited == unsolicited_continue::http11_put_and_post && put_or_post &&
         head.version == http_version::http_1_1 && head.has_content())) {
        continue_ = continue_status::owed;
    }
    if (!head.has_content()) {
        core_.commit(s, server_event::request_head, S::received, now, 0);
        return s;
    }
    if (policy().when_continue == continue_timing::on_head) {
        send_owed_continue(s);
    }
    core_.commit(s, server_event::request_head, S::deciding, now, 0);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::accept(time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::accept, now, s)) return s;

    if (state() == S::received) {
        core_.commit(s, server_event::accept, S::received, now, 0);
        return s;
    }
    if (policy().when_continue == continue_timing::on_accept) {
        send_owed_continue(s);
    }
    arm_stall(now);
    core_.commit(s, server_event::accept, S::receiving, now, 0);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_read(time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::body_read, now, s)) return s;

    // Reading is the moment a client waiting on us would block us both: whatever the timing
    // policy (but `never`), an owed 100 goes out now.
    if (policy().when_continue != continue_timing::never) {
        send_owed_continue(s);
    }
    if (state() == S::deciding) {
        arm_stall(now);
    }
    const S to = state() == S::received ? S::received : S::receiving;
    core_.commit(s, server_event::body_read, to, now, 0);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_bytes(std::uint64_t n, time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::body_bytes, now, s))
        return s;  // in closed: a closing connection may still drain bytes (S-9)
    if (framing_ == body_framing::content_length && n > content_length_ - received_) {
        return core_.refuse(errc::body_beyond_framing, error_origin::local);
    }
    received_ += n;
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;  // S-5, S-15: the body came first; no 100 now
    }
    S to = state();
    if (reuse_ == reuse::after_discarding) {  // responding_early or discarding (S-8)
        if (n <= discard_limit_) {
            discard_limit_ -= n;
        } else {  // past the byte cap (chunked bodies only: a length was checked up front)
            discard_limit_ = 0;
            reuse_ = reuse::close;
            if (state() == S::discarding) {
                s.actions.push_back(action::make(action_kind::close));
                to = S::closed;
            } else {
                deadline_ = time::no_deadline();  // closes once the response is out
            }
        }
    } else if (state() == S::receiving) {
        arm_stall(now);  // the client is alive: the stall clock starts again
    }
    core_.commit(s, server_event::body_bytes, to, now, n);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_body_end(time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::body_end, now, s)) return s;
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;
    }
    deadline_ = time::no_deadline();
    S to = S::received;  // from deciding or receiving
    if (state() == S::responding_early) {
        to = S::responding;  // nothing left to drop
    } else if (state() == S::discarding) {
        to = S::idle;  // the connection persists: the next head may come
    }
    if (reuse_ == reuse::after_discarding) {
        reuse_ = reuse::keep_alive;
        discard_limit_ = 0;
    }
    core_.commit(s, server_event::body_end, to, now, received_);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_final_response(std::uint16_t status,
                                                           time_point now) noexcept {
    using S = server_state;
    const bool final_started =
        state() == S::responding || state() == S::responding_early || state() == S::discarding;
    step s;
    if (!core_.admit(server_event::final_response, now, s,
                     final_started ? errc::second_final_response : errc::event_out_of_order))
        return s;
    if ((status < 200 && status != 101) || status > 999) {
        return core_.refuse(errc::event_out_of_order, error_origin::local);
    }
    if (status == 101 && state() != S::received) {
        return core_.refuse(errc::upgrade_before_request_body, error_origin::local);
    }
    start_final(status, final_origin::application, now, s);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_response_complete(time_point now) noexcept {
    using S = server_state;
    step s;
    if (!core_.admit(server_event::response_complete, now, s)) return s;

    S to = S::closed;
    if (state() == S::responding && reuse_ == reuse::keep_alive) {
        to = S::idle;
    } else if (state() == S::responding_early && reuse_ == reuse::after_discarding) {
        to = S::discarding;  // the rest of the body is read and dropped, within the caps
    }
    if (to == S::closed) {
        s.actions.push_back(action::make(action_kind::close));
        deadline_ = time::no_deadline();
    }
    core_.commit(s, server_event::response_complete, to, now, 0);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_timer(time_point now) noexcept {
    using S = server_state;
    if (now < next_deadline()) {
        return step{};  // early (or closed: no deadline): nothing is due
    }
    deadline_ = time::no_deadline();
    step s;
    S to = state();
    if (state() == S::receiving) {  // the client stalled mid-body (S-16)
        if (policy().on_body_stall == stall_action::send_408_and_close) {
            s.actions.push_back(action::make(action_kind::add_close));
            s.actions.push_back(action::send_final(408));
        }
        if (policy().on_body_stall != stall_action::wait) {
            s.actions.push_back(action::make(action_kind::close));
            to = S::closed;
            if (continue_ == continue_status::owed) {
                continue_ = continue_status::skipped;  // the exchange is over: no 100 now
            }
        }
    } else if (state() == S::responding_early) {
        // The discard time cap passed while the response is still being written: closing now
        // would cut it off, so close once it is out.
        reuse_ = reuse::close;
    } else if (state() == S::discarding) {
        s.actions.push_back(action::make(action_kind::close));
        to = S::closed;
    }
    core_.commit(s, server_event::timer, to, now, 0, trace_reason::deadline_passed);
    return s;
}

template <class Traits, class Trace>
server_step basic_server<Traits, Trace>::on_peer_closed(time_point now) noexcept {
    step s;
    if (!core_.admit(server_event::peer_closed, now, s)) return s;

    s.actions.push_back(action::make(action_kind::close));
    if (continue_ == continue_status::owed) {
        continue_ = continue_status::skipped;
    }
    deadline_ = time::no_deadline();
    core_.commit(s, server_event::peer_closed, server_state::closed, now, 0);
    return s;
}

template <class Traits, class Trace>
constexpr std::uint64_t basic_server<Traits, Trace>::body_credit() const noexcept {
    using S = server_state;
    // Once the body is wanted, all of it: its framing bounds it (nghttp2 checks content-length).
    constexpr std::uint64_t whole = unlimited_body_credit;
    switch (state()) {
    case S::receiving: return whole;
    case S::deciding: return continue_ == continue_status::sent ? whole : received_;
    case S::responding_early:
    case S::discarding:
        return reuse_ == reuse::after_discarding ? received_ + discard_limit_ : received_;
    case S::idle:
    case S::received:
    case S::responding:
    case S::closed: return received_;
    }
    return received_;
}

template <class Traits, class Trace>
constexpr bool basic_server<Traits, Trace>::invariants_hold() const noexcept {
    using S = server_state;
    const S st = state();
    const bool continue_ok =
        continue_ != continue_status::owed || st == S::deciding || st == S::receiving;
    const bool reuse_ok = reuse_ != reuse::after_discarding || st == S::responding_early ||
                          st == S::discarding || st == S::closed;
    const bool no_deadline_here = st == S::idle || st == S::deciding || st == S::received ||
                                  st == S::responding || st == S::closed;
    const bool deadline_ok = !no_deadline_here || next_deadline() == time::no_deadline();
    return continue_ok && reuse_ok && deadline_ok;
}

}  // namespace expect100

#endif  // EXPECT100_IMPL_SERVER_HPP
