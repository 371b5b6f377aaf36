// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The fuzz kit wired to expect100-proxy's session (examples/proxy/session.hpp), the code the
// program runs: the whole proxy, its Beast readers, its upstream pool and its timeouts, under the
// kit's driver.
//
// How an Asio proxy goes under the driver:
//   - time: the session's clock and timer are type aliases (common/program.hpp, net.hpp) that
//     this file replaces before including anything: a virtual clock the driver sets, and a timer
//     that keeps its handler until the harness fires it. next_deadline() is the earliest timer
//     armed, so the driver's virtual minutes cost nothing.
//   - bytes: real loopback sockets. The harness holds the client's end and accepts the
//     session's upstream connections on a listener of its own; after every event it runs the
//     io_context until nothing moves, and hands what the session wrote to the driver. Loopback
//     TCP delivers a write before the call returns, so a run is as deterministic as the code.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/error_code.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <type_traits>
#include <utility>
#include <vector>

namespace virtual_time {

struct clock {
    using rep = std::int64_t;
    using period = std::nano;
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<clock>;
    static constexpr bool is_steady = true;
    static time_point now() noexcept { return current; }
    static inline time_point current{};
};

// What the session needs of a timer: expires_at/after, async_wait, cancel. A wait ends only when
// the harness fires it (fire_due) or it is cancelled.
class timer {
public:
    using clock_type = clock;
    using time_point = clock::time_point;
    using duration = clock::duration;

    template <class Executor>
    explicit timer(const Executor& ex) : ex_(ex) {}
    timer(const timer&) = delete;
    timer& operator=(const timer&) = delete;
    ~timer() { armed().erase(this); }  // the handler is dropped, as the io_context's would be

    std::size_t expires_at(time_point t) {
        const std::size_t n = cancel();
        expiry_ = t;
        return n;
    }
    std::size_t expires_after(duration d) { return expires_at(clock::now() + d); }
    time_point expiry() const { return expiry_; }

    template <class Handler>
    void async_wait(Handler&& h) {
        auto held = std::make_shared<std::decay_t<Handler>>(std::forward<Handler>(h));
        handler_ = [held](const boost::system::error_code& ec) { (*held)(ec); };
        armed().insert(this);
    }

    std::size_t cancel() {
        if (!handler_) return 0;
        complete(boost::asio::error::operation_aborted);
        return 1;
    }

    // The harness's side.
    static time_point earliest() {
        time_point t = time_point::max();
        for (const timer* x : armed())
            t = std::min(t, x->expiry_);
        return t;
    }
    // Every wait ends as cancelled: what the handlers keep alive (the session) is let go.
    static void cancel_all() {
        const std::vector<timer*> all(armed().begin(), armed().end());
        for (timer* x : all)
            x->cancel();
    }
    static void fire_due() {
        std::vector<timer*> due;
        for (timer* x : armed()) {
            if (x->expiry_ <= clock::now()) due.push_back(x);
        }
        for (timer* x : due)
            x->complete({});
    }

private:
    void complete(const boost::system::error_code& ec) {
        armed().erase(this);
        boost::asio::post(ex_, [h = std::move(handler_), ec] { h(ec); });
        handler_ = nullptr;
    }
    static std::set<timer*>& armed() {
        static std::set<timer*> set;
        return set;
    }

    boost::asio::any_io_executor ex_;
    std::function<void(const boost::system::error_code&)> handler_;
    time_point expiry_{};
};

}  // namespace virtual_time

#define EXPECT100_EXAMPLES_CLOCK virtual_time::clock
#define EXPECT100_EXAMPLES_TIMER virtual_time::timer

#include "../../examples/proxy/session.hpp"

#include <expect100/testing/fuzz_driver.hpp>

#include <csignal>
#include <cstddef>
#include <map>
#include <string_view>

namespace {

namespace kit = expect100::testing;
namespace ex = expect100::examples;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

class session_subject final : public kit::fuzz_subject {
public:
    session_subject(kit::proxy_io& io, const ex::proxy_config& base)
        : kio_(io), config_(base), upstreams_(io_, {asio::ip::address_v4::loopback(), 0}) {
        sync_clock();
        config_.upstream = upstreams_.local_endpoint();
        upstreams_.non_blocking(true);
        tcp::acceptor front(io_, {asio::ip::address_v4::loopback(), 0});
        tcp::socket server(io_);
        error_code ec;
        // libFuzzer's timeout alarm interrupts blocking calls: EINTR is retried.
        do
            client_.connect(front.local_endpoint(), ec);
        while (ec == asio::error::interrupted);
        do
            front.accept(server, ec);
        while (ec == asio::error::interrupted);
        if (ec) throw boost::system::system_error(ec, "loopback connection for the session");
        client_.non_blocking(true);
        session_ = std::make_shared<ex::session>(std::move(server), thread_, config_);
        session_->start();
        session_.reset();  // it lives on its own handlers, as in the program
        pump();
    }
    ~session_subject() override {
        error_code ignored;
        client_.close(ignored);
        for (auto& [id, s] : origin_)
            s.close(ignored);
        thread_.pool.close_all();
        io_.poll(ignored);  // the session sees the closes and lets go
        io_.restart();
        virtual_time::timer::cancel_all();  // and nothing waits on a timer that never fires
        io_.poll(ignored);
    }

    void on_client_bytes(std::string_view b) override {
        write_all(client_, b);
        pump();
    }
    void on_client_closed() override {
        error_code ignored;
        client_.shutdown(tcp::socket::shutdown_send, ignored);
        pump();
    }
    void on_upstream_bytes(kit::upstream_id id, std::string_view b) override {
        const auto it = origin_.find(id);
        if (it != origin_.end()) write_all(it->second, b);
        pump();
    }
    void on_upstream_closed(kit::upstream_id id) override {
        const auto it = origin_.find(id);
        if (it != origin_.end()) {
            error_code ignored;
            it->second.close(ignored);
            origin_.erase(it);
        }
        pump();
    }
    void on_time() override {
        sync_clock();
        virtual_time::timer::fire_due();
        pump();
    }
    kit::fuzz_time next_deadline() const override {
        const auto t = virtual_time::timer::earliest();
        if (t == virtual_time::clock::time_point::max()) return kit::fuzz_time::max();
        return kit::fuzz_time(t.time_since_epoch());
    }

private:
    void sync_clock() {
        virtual_time::clock::current =
            virtual_time::clock::time_point(kio_.now().time_since_epoch());
    }

    static void write_all(tcp::socket& s, std::string_view b) {
        while (!b.empty()) {
            error_code ec;
            const std::size_t n = s.write_some(asio::buffer(b.data(), b.size()), ec);
            if (ec == asio::error::would_block) continue;  // loopback: room comes at once
            if (ec) return;                                // the peer is gone: the bytes too
            b.remove_prefix(n);
        }
    }

    // Reads what is there. @return false when the peer closed (or reset).
    bool read_available(tcp::socket& s, const std::function<void(std::string_view)>& to) {
        char buf[16 * 1024];
        for (;;) {
            error_code ec;
            const std::size_t n = s.read_some(asio::buffer(buf), ec);
            if (ec == asio::error::would_block) return true;
            if (ec) return false;
            moved_ = true;
            to(std::string_view(buf, n));
        }
    }

    // Runs the session until nothing moves, handing its writes to the driver.
    void pump() {
        sync_clock();
        for (int round = 0; round < 10000; ++round) {
            moved_ = false;
            error_code ec;
            const std::size_t handlers = io_.poll(ec);
            io_.restart();
            for (;;) {  // the session's new upstream connections
                tcp::socket s(io_);
                upstreams_.accept(s, ec);
                if (ec) break;
                s.non_blocking(true);
                origin_.emplace(kio_.open_upstream(), std::move(s));
                moved_ = true;
            }
            if (client_.is_open() &&
                !read_available(client_, [this](std::string_view b) { kio_.send_to_client(b); })) {
                client_.close(ec);
                kio_.close_client();
                moved_ = true;
            }
            for (auto it = origin_.begin(); it != origin_.end();) {
                const kit::upstream_id id = it->first;
                if (read_available(it->second,
                                   [this, id](std::string_view b) { kio_.send_upstream(id, b); })) {
                    ++it;
                    continue;
                }
                it->second.close(ec);
                it = origin_.erase(it);
                kio_.close_upstream(id);
                moved_ = true;
            }
            if (handlers == 0 && !moved_) return;
        }
    }

    kit::proxy_io& kio_;
    asio::io_context io_{1};
    ex::thread_state thread_{io_, 16};
    ex::proxy_config config_;
    tcp::acceptor upstreams_;
    tcp::socket client_{io_};
    std::map<kit::upstream_id, tcp::socket> origin_;
    std::shared_ptr<ex::session> session_;
    bool moved_ = false;
};

ex::proxy_config make_config() {
    ex::proxy_config c;  // the program's defaults, and its default preset
    c.preset = "rfc9110_intermediary";
    c.policy = *expect100::presets::policy_named<expect100::presets::intermediary_presets<>,
                                                 expect100::intermediary_policy>(c.preset);
    c.splice_min = 0;  // bodies are small here; splicing is tested by tests/interop/splice.sh
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ex::proxy_config config = [] {
        std::signal(SIGPIPE, SIG_IGN);
        return make_config();
    }();
    return kit::fuzz_one<session_subject>(data, size, kit::fuzz_options{}, config);
}
