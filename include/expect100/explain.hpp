// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// explain_exchange(): one sentence for an exchange through an intermediary, from the client's
// and the intermediary's recording traces: which party held what, and why. For example, the
// outage: "the intermediary received the origin's 100 after 1.0 ms and withheld it (preset
// kemp_rfc2616_strict); the client sent its body after its 5.000 s wait; the intermediary
// answered 501". The client alone: explain_client(); a proxy's own side: explain_intermediary().
//
// This is the one diagnostics layer: it reads what the machines recorded (trace.hpp), the
// states, events and the trace_reason they wrote, and never the machines themselves.
#ifndef EXPECT100_EXPLAIN_HPP
#define EXPECT100_EXPLAIN_HPP

#include <expect100/client.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/short_text.hpp>
#include <expect100/trace.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100 {

// One plain sentence about the exchange a client's recording_trace holds, e.g. "waited 5.000 s
// for a 100 that never came, then sent the 1 048 576-byte body; the final 501 arrived 0.4 ms
// later".
template <class TimePoint, std::size_t N>
constexpr short_text explain_client(const recording_trace<TimePoint, N>& trace) noexcept {
    using S = client_state;
    using E = client_event;
    short_text out;
    bool have_head = false;
    bool have_release = false;
    bool released_by_timer = false;
    bool have_final = false;
    bool closed_early = false;
    TimePoint head_at{};
    TimePoint release_at{};
    TimePoint final_at{};
    TimePoint closed_at{};
    std::uint64_t body_bytes = 0;
    std::uint64_t status = 0;
    std::uint64_t continue_status_seen = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const auto& e = trace[i];
        const auto on = static_cast<E>(e.event);
        const auto to = static_cast<S>(e.to);
        const auto from = static_cast<S>(e.from);
        if (on == E::start_request) {
            body_bytes = e.value;
            have_head = have_release = released_by_timer = have_final = closed_early = false;
        } else if (on == E::head_sent && to == S::awaiting_continue) {
            have_head = true;
            head_at = e.at;
        } else if (from == S::awaiting_continue && to == S::sending_body) {
            have_release = true;
            release_at = e.at;
            released_by_timer = on == E::timer;
            continue_status_seen = on == E::interim_response ? e.value : 0;
        } else if (on == E::final_response && !have_final) {
            have_final = true;
            final_at = e.at;
            status = e.value;
        } else if (on == E::peer_closed && !have_final && !closed_early) {
            closed_early = true;
            closed_at = e.at;
        }
    }
    if (!have_head) {
        out.append("no request with Expect: 100-continue in the trace");
        return out;
    }
    if (have_release && released_by_timer) {
        out.append("waited ");
        detail::append_duration(out, release_at - head_at);
        out.append(" for a 100 that never came, then sent the ");
    } else if (have_release) {
        out.append("a ");
        out.append_number(continue_status_seen);
        out.append(" came ");
        detail::append_duration(out, release_at - head_at);
        out.append(" after the head, then the client sent the ");
    }
    if (have_release) {
        out.append_number(body_bytes, " ");
        out.append("-byte body");
        if (have_final) {
            out.append("; the final ");
            out.append_number(status);
            out.append(" arrived ");
            detail::append_duration(out, final_at - release_at);
            out.append(" later");
        } else if (closed_early) {
            out.append("; the server closed the connection ");
            detail::append_duration(out, closed_at - release_at);
            out.append(" later with no response");
        } else {
            out.append("; no final response yet");
        }
        return out;
    }
    if (have_final) {
        out.append("the final ");
        out.append_number(status);
        out.append(" arrived ");
        detail::append_duration(out, final_at - head_at);
        out.append(" after the head, before the ");
        out.append_number(body_bytes, " ");
        out.append("-byte body was sent");
        return out;
    }
    if (closed_early) {
        out.append("the server closed the connection ");
        detail::append_duration(out, closed_at - head_at);
        out.append(" after the head, before any response");
        return out;
    }
    out.append("waiting for a 100 since the head went out");
    return out;
}

template <class TimePoint, std::size_t N, std::size_t M>
constexpr short_text explain_exchange(const recording_trace<TimePoint, N>& client_trace,
                                      const recording_trace<TimePoint, M>& intermediary_trace,
                                      std::string_view intermediary_preset) noexcept {
    using CS = client_state;
    using CE = client_event;
    using IS = intermediary_state;
    using IE = intermediary_event;

    // The client: when its head went out, and what released its body.
    bool client_waited = false;
    bool client_continued = false;
    TimePoint client_head{};
    TimePoint client_release{};
    for (std::size_t i = 0; i < client_trace.size(); ++i) {
        const auto& e = client_trace[i];
        if (static_cast<CE>(e.event) == CE::head_sent &&
            static_cast<CS>(e.to) == CS::awaiting_continue) {
            client_head = e.at;
        }
        if (static_cast<CS>(e.from) == CS::awaiting_continue &&
            static_cast<CS>(e.to) == CS::sending_body) {
            client_release = e.at;
            client_waited = static_cast<CE>(e.event) == CE::timer;
            client_continued = !client_waited;
        }
    }
    // The intermediary: the origin's 100 (withheld when it left the state unchanged), and who
    // wrote the final response.
    bool withheld = false;
    bool grace = false;
    bool repeated = false;
    bool held = false;
    bool held_released = false;
    TimePoint grace_at{};
    TimePoint held_at{};
    TimePoint released_at{};
    bool have_final = false;
    IE final_event = IE::upstream_final;
    bool own_final = false;
    std::uint64_t status = 0;
    TimePoint up_head{};
    TimePoint up_continue{};
    for (std::size_t i = 0; i < intermediary_trace.size(); ++i) {
        const auto& e = intermediary_trace[i];
        const auto on = static_cast<IE>(e.event);
        if (on == IE::upstream_head_sent && static_cast<IS>(e.from) == IS::awaiting_continue) {
            up_head = e.at;
        }
        if (e.reason == trace_reason::continue_withheld) {
            withheld = true;
            up_continue = e.at;
        }
        if (on == IE::timer && e.reason == trace_reason::own_continue) {
            grace = true;  // our own 100 after the grace
            grace_at = e.at;
        }
        if (e.reason == trace_reason::repeated_without_expect) {
            repeated = true;  // the origin's 417, answered by sending the head again
        }
        if (on == IE::body_bytes && static_cast<IS>(e.from) == IS::awaiting_continue &&
            static_cast<IS>(e.to) == IS::awaiting_continue && !held) {
            held = true;  // the client's body stopped at the intermediary
            held_at = e.at;
        }
        if (held && !held_released && on == IE::upstream_interim &&
            static_cast<IS>(e.from) == IS::awaiting_continue &&
            static_cast<IS>(e.to) != IS::awaiting_continue) {
            held_released = true;
            released_at = e.at;
        }
        if (static_cast<IS>(e.to) == IS::relaying_response && !have_final) {
            have_final = true;
            own_final = on != IE::upstream_final;
            final_event = on;
            status = e.value;
        }
    }
    short_text out;
    bool first = true;
    const auto part = [&](std::string_view s) {
        if (!first) out.append("; ");
        first = false;
        out.append(s);
    };
    if (withheld) {
        part("the intermediary received the origin's 100 after ");
        detail::append_duration(out, up_continue - up_head);
        out.append(" and withheld it (preset ");
        out.append(intermediary_preset);
        out.append(")");
    }
    if (grace) {
        part("the origin was silent for ");
        detail::append_duration(out, grace_at - up_head);
        out.append(" after the head, so the intermediary sent its own 100 (preset ");
        out.append(intermediary_preset);
        out.append(")");
    }
    if (repeated) {
        part(
            "the origin refused the forwarded Expect with 417, so the intermediary sent the "
            "head again without it and a 100 of its own to the client (preset ");
        out.append(intermediary_preset);
        out.append(")");
    }
    if (client_waited) {
        part("the client sent its body after its ");
        detail::append_duration(out, client_release - client_head);
        out.append(" wait");
    } else if (client_continued) {
        part("a 100 reached the client ");
        detail::append_duration(out, client_release - client_head);
        out.append(" after its head and it sent the body");
    }
    if (held) {
        part("the intermediary held the body ");
        if (held_released) {
            detail::append_duration(out, released_at - held_at);
            out.append(" until the origin's 100");
        } else {
            out.append("waiting for a 100 from the origin");
        }
    }
    if (have_final && own_final && final_event == IE::timer) {
        part("the origin stayed silent and the intermediary answered ");
        out.append_number(status);
    } else if (have_final && own_final && final_event == IE::upstream_failed) {
        part("the connection to the origin failed and the intermediary answered ");
        out.append_number(status);
    } else if (have_final) {
        part(own_final ? "the intermediary answered " : "the origin's final ");
        out.append_number(status);
        if (!own_final) {
            out.append(" was relayed");
        }
    } else {
        part("no final response yet");
    }
    return out;
}

// The intermediary's side alone (a proxy sees only its own trace): the same sentence without
// the client's part.
template <class TimePoint, std::size_t M>
constexpr short_text explain_intermediary(const recording_trace<TimePoint, M>& intermediary_trace,
                                          std::string_view intermediary_preset) noexcept {
    return explain_exchange(recording_trace<TimePoint, 1>{}, intermediary_trace,
                            intermediary_preset);
}

}  // namespace expect100

#endif  // EXPECT100_EXPLAIN_HPP
