// io::save is atomic: interrupted (killed mid-write) or failing saves keep the previous file.
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <constgrad/io/load.hpp>
#include <constgrad/io/load_error.hpp>
#include <constgrad/io/save.hpp>
#include <constgrad/io/save_error.hpp>
#include <constgrad/io/to_bytes.hpp>

#include "io_test_support.hpp"

namespace io = constgrad::io;
namespace nn = constgrad::nn;
using namespace io_test;
using reason = io::save_error::reason;

namespace {

using P = net_2_4_4_1::parameters<double>;

// Runs `child` in a forked process with the file size limited to `limit` bytes and returns
// the wait status. The child never returns into the test framework: it _exits.
template <class F>
int run_with_file_size_limit(rlim_t limit, bool ignore_sigxfsz, F child) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);
        if (ignore_sigxfsz) std::signal(SIGXFSZ, SIG_IGN);
        const rlimit small{limit, limit};
        ::setrlimit(RLIMIT_FSIZE, &small);
        ::_exit(child());
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(atomic_save)

BOOST_AUTO_TEST_CASE(replaces_the_file_and_leaves_no_temporary) {
    scratch_dir dir;
    const P first = net_2_4_4_1::init(nn::seed{1});
    const P second = net_2_4_4_1::init(nn::seed{2});
    io::save(dir / "net.cgp", first);
    io::save(dir / "net.cgp", second);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
    P loaded{};
    io::load(dir / "net.cgp", loaded);
    BOOST_TEST((loaded == second));
}

// A process killed in the middle of writing (the kernel's file size limit sends SIGXFSZ once
// half the file is written): the previous file is untouched, byte for byte.
BOOST_AUTO_TEST_CASE(killed_halfway_keeps_the_previous_file) {
    scratch_dir dir;
    const P before = net_2_4_4_1::init(nn::seed{1});
    io::save(dir / "net.cgp", before);
    const auto before_bytes = read_bytes(dir / "net.cgp");
    const std::size_t half = before_bytes.size() / 2;

    const int status = run_with_file_size_limit(half, false, [&] {
        io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{2}));
        return 0;  // not reached: the write past the limit kills the process
    });
    BOOST_TEST_REQUIRE(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == SIGXFSZ);

    BOOST_TEST(read_bytes(dir / "net.cgp") == before_bytes);
    P loaded{};
    io::load(dir / "net.cgp", loaded);
    BOOST_TEST((loaded == before));
    // The dead process's half-written temporary file is all that is left of it.
    const auto names = entries(dir.path);
    BOOST_TEST_REQUIRE(names.size() == 2u);
    BOOST_TEST(names[1].rfind("net.cgp.tmp-", 0) == 0u, names[1]);
    BOOST_TEST(fs::file_size(dir.path / names[1]) == half);
    // It does not get in the way of the next save.
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{3}));
    io::load(dir / "net.cgp", loaded);
    BOOST_TEST((loaded == net_2_4_4_1::init(nn::seed{3})));
}

// The same limit with SIGXFSZ ignored: write() fails with EFBIG halfway, save throws
// save_error(write_failed), removes its temporary file, and the previous file is intact.
BOOST_AUTO_TEST_CASE(failing_write_throws_and_cleans_up) {
    scratch_dir dir;
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{1}));
    const auto before_bytes = read_bytes(dir / "net.cgp");

    const int status = run_with_file_size_limit(before_bytes.size() / 2, true, [&] {
        try {
            io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{2}));
        } catch (const io::save_error& e) {
            const std::string what = e.what();
            const bool ok =
                e.why() == reason::write_failed && e.code() == std::errc::file_too_large &&
                what.find("the previous file, if any, is unchanged") != std::string::npos;
            return ok ? 0 : 2;
        }
        return 1;
    });
    BOOST_TEST_REQUIRE(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    BOOST_TEST(read_bytes(dir / "net.cgp") == before_bytes);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
}

BOOST_AUTO_TEST_CASE(missing_directory) {
    scratch_dir dir;
    BOOST_CHECK_EXCEPTION(io::save(dir / "no" / "net.cgp", net_2_4_4_1::init(nn::seed{1})),
                          io::save_error, [](const io::save_error& e) {
                              return e.why() == reason::create_failed &&
                                     e.code() == std::errc::no_such_file_or_directory;
                          });
    BOOST_TEST(entries(dir.path).empty());
}

// rename() cannot replace a directory: the failure comes after the whole file was written.
BOOST_AUTO_TEST_CASE(target_is_a_directory) {
    scratch_dir dir;
    fs::create_directory(dir / "net.cgp");
    BOOST_CHECK_EXCEPTION(io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{1})), io::save_error,
                          [](const io::save_error& e) { return e.why() == reason::rename_failed; });
    BOOST_TEST(fs::is_directory(dir / "net.cgp"));
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
}

// A directory the user may not write to. Root may write anywhere, so the save runs in a
// child process that, when it is root (as in CI), first becomes the unprivileged "nobody".
BOOST_AUTO_TEST_CASE(read_only_directory) {
    scratch_dir dir;
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{1}));
    const auto before_bytes = read_bytes(dir / "net.cgp");
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec |
                                  fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        try {
            io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{2}));
        } catch (const io::save_error& e) {
            ::_exit(e.why() == reason::create_failed && e.code() == std::errc::permission_denied
                        ? 0
                        : 2);
        }
        ::_exit(1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    fs::permissions(dir.path, fs::perms::owner_all);
    BOOST_TEST_REQUIRE(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    BOOST_TEST(read_bytes(dir / "net.cgp") == before_bytes);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
}

BOOST_AUTO_TEST_CASE(non_finite_parameters_write_nothing) {
    scratch_dir dir;
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{1}));
    const auto before_bytes = read_bytes(dir / "net.cgp");
    P bad = net_2_4_4_1::init(nn::seed{2});
    bad.layer<1>().w[3][2] = std::numeric_limits<double>::quiet_NaN();
    try {
        io::save(dir / "net.cgp", bad);
        BOOST_FAIL("saved NaN");
    } catch (const io::save_error& e) {
        BOOST_TEST((e.why() == reason::non_finite_value));
        // Layer 1 starts at 2 * 4 + 4 = 12; w[3][2] is 3 * 4 + 2 = 14 further.
        BOOST_TEST(std::string(e.what()).find("parameter 26 (layer 1, w[3][2])") !=
                       std::string::npos,
                   e.what());
    }
    BOOST_TEST(read_bytes(dir / "net.cgp") == before_bytes);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
}

BOOST_AUTO_TEST_CASE(keeps_permissions_of_the_previous_file) {
    scratch_dir dir;
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{1}));
    fs::permissions(dir / "net.cgp", fs::perms::owner_read | fs::perms::owner_write);
    io::save(dir / "net.cgp", net_2_4_4_1::init(nn::seed{2}));
    BOOST_TEST((fs::status(dir / "net.cgp").permissions() ==
                (fs::perms::owner_read | fs::perms::owner_write)));
}

BOOST_AUTO_TEST_CASE(follows_a_symbolic_link) {
    scratch_dir dir;
    io::save(dir / "real.cgp", net_2_4_4_1::init(nn::seed{1}));
    fs::create_symlink("real.cgp", dir / "link.cgp");
    io::save(dir / "link.cgp", net_2_4_4_1::init(nn::seed{2}));
    BOOST_TEST(fs::is_symlink(dir / "link.cgp"));
    P loaded{};
    io::load(dir / "real.cgp", loaded);
    BOOST_TEST((loaded == net_2_4_4_1::init(nn::seed{2})));
}

// Writers racing on one path while a reader loads it over and over: every load sees one
// complete file (never a mix, never a partial one), whichever writer it came from.
BOOST_AUTO_TEST_CASE(concurrent_saves_and_loads_never_see_a_partial_file) {
    scratch_dir dir;
    const fs::path file = dir / "net.cgp";
    io::save(file, net_2_4_4_1::init(nn::seed{0}));
    std::vector<P> versions;
    for (std::uint64_t s = 0; s < 4; ++s) versions.push_back(net_2_4_4_1::init(nn::seed{s}));
    std::atomic<bool> done{false};
    std::atomic<int> bad_loads{0}, loads{0};
    std::thread reader([&] {
        while (!done) {
            P p{};
            try {
                io::load(file, p);
                bool known = false;
                for (const auto& v : versions) known = known || p == v;
                if (!known) ++bad_loads;
            } catch (const io::load_error&) {
                ++bad_loads;
            }
            ++loads;
        }
    });
    std::vector<std::thread> writers;
    for (std::size_t w = 1; w < 4; ++w)
        writers.emplace_back([&, w] {
            for (int i = 0; i < 30; ++i) io::save(file, versions[w]);
        });
    for (auto& t : writers) t.join();
    done = true;
    reader.join();
    BOOST_TEST(bad_loads == 0);
    BOOST_TEST(loads > 0);
    BOOST_TEST(entries(dir.path) == std::vector<std::string>{"net.cgp"});
}

BOOST_AUTO_TEST_SUITE_END()
