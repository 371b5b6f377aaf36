// Drives a blind byte pipe (the simplest "proxy") with every installed seed: the kit must read
// them all, find every smuggling seed passed on (forwarded_invalid or forwarded_malformed), and
// find nothing wrong with the plain GET. Exit 0 when it does.
#include <expect100/testing/fuzz_driver.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

namespace kit = expect100::testing;

class pipe_subject final : public kit::fuzz_subject {
public:
    explicit pipe_subject(kit::proxy_io& io) : io_(io) {}
    void on_client_bytes(std::string_view b) override {
        if (!up_) up_ = io_.open_upstream();
        io_.send_upstream(*up_, b);
    }
    void on_client_closed() override {}
    void on_upstream_bytes(kit::upstream_id, std::string_view b) override { io_.send_to_client(b); }
    void on_upstream_closed(kit::upstream_id) override { io_.close_client(); }
    void on_time() override {}
    kit::fuzz_time next_deadline() const override { return kit::fuzz_time::max(); }

private:
    kit::proxy_io& io_;
    std::optional<kit::upstream_id> up_;
};

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const std::filesystem::path dir = std::filesystem::path(argv[1]);
    if (!std::filesystem::exists(dir / "http.dict") ||
        !std::filesystem::exists(dir / "kit.options")) {
        std::fprintf(stderr, "no dictionary or options in %s\n", argv[1]);
        return 1;
    }
    int seeds = 0, smuggling = 0, caught = 0, failures = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "corpus")) {
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
        kit::fuzz_options options;
        options.require_answers = false;  // a pipe has no timers
        kit::fuzz_driver driver(options);
        pipe_subject pipe(driver.io());
        const auto& findings = driver.run(bytes, pipe);
        const std::string name = entry.path().filename().string();
        ++seeds;
        if (name.rfind("smuggle-", 0) == 0) {
            ++smuggling;
            for (const kit::finding& f : findings) {
                if (f.code == kit::finding_code::forwarded_invalid ||
                    f.code == kit::finding_code::forwarded_malformed) {
                    ++caught;
                    break;
                }
            }
        } else if (name == "get.http" && !findings.empty()) {
            std::fputs(driver.report().c_str(), stderr);
            ++failures;
        }
    }
    std::printf("%d seeds; the pipe passed on %d smuggling shapes, the kit caught %d\n", seeds,
                smuggling, caught);
    return seeds >= 50 && smuggling >= 10 && caught == smuggling && failures == 0 ? 0 : 1;
}
