#!/usr/bin/env python3
"""Editor latency of async-clangd with the async-* checks vs stock clangd-22.

Generates a large coroutine-heavy file on the aio runtime into a temporary
directory and measures, over the Language Server Protocol on stdio exactly as
an editor talks to clangd:

  open    time from textDocument/didOpen to the first
          textDocument/publishDiagnostics for the file, in a fresh server
          (compile command, preamble, AST, checks: what a user waits for when
          opening the file);
  edit    time from textDocument/didChange to the next publishDiagnostics in
          the same server (the preamble is reused: AST and checks only, the
          latency while typing, where the checks' share is largest).

Configurations, interleaved within each repetition so that background load
hits all of them alike:

  stock clangd-22          no clang-tidy checks (.clangd removes them all)
  async-clangd, no checks  the same configuration: the cost of our binary
  async-clangd, async-*    .clangd adds async-* and nothing else; no
                           FastCheckFilter line (async-clangd runs them anyway)

The figure of merit is the median of async-clangd+async-* over the median of
stock clangd-22; the goal is at most 1.10x. Not a timed test: run it by hand.

Usage: bench/clangd_bench.py [--build build] [--reps 5] [--edits 3]
                             [--coroutines 150] [--json out.json] [--keep]
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(path, coroutines):
    """A coroutine-heavy TU: chains of awaiting coroutines, lambdas, gather,
    spawned tasks, templates; a few real mistakes so the checks report."""
    out = ['#include <aio/aio.hpp>', '#include <chrono>', '#include <string>',
           '#include <vector>', '', 'using namespace std::chrono_literals;', '',
           'namespace bench {', '',
           'template <class T> aio::task<T> identity(T value) {',
           '  co_await aio::sleep(0ms);', '  co_return value;', '}', '']
    for i in range(coroutines):
        prev = 'leaf' if i == 0 else 'step%d' % (i - 1)
        if i == 0:
            out += ['aio::task<int> leaf(int x) {',
                    '  co_await aio::sleep(1ms);', '  co_return x + 1;', '}',
                    '']
        out += [
            'aio::task<int> step%d(int x) {' % i,
            '  int total = co_await %s(x);' % prev,
            '  auto twice = [](int v) -> aio::task<int> { co_return 2 * v; };',
            '  total += co_await twice(total);',
            '  std::vector<aio::task<int>> parts;',
            '  for (int k = 0; k < 3; ++k)',
            '    parts.push_back(identity(k + total));',
            '  for (int v : co_await aio::gather(std::move(parts)))',
            '    total += v;',
            '  auto handle = aio::create_task(identity(total), "step%d");' % i,
            '  total += co_await handle;',
        ]
        if i % 100 == 7:
            # A real mistake every hundred coroutines.
            out.append('  identity(total);')
        out += ['  co_return total;', '}', '']
    out += ['} // namespace bench', '',
            'int main() { return aio::run(bench::step%d(1)) > 0 ? 0 : 1; }'
            % (coroutines - 1), '']
    with open(path, 'w') as f:
        f.write('\n'.join(out))


class Server:
    """A language server on stdio with LSP framing."""

    def __init__(self, cmd, cwd, env):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method, params, request=False):
        msg = {'jsonrpc': '2.0', 'method': method, 'params': params}
        if request:
            self.next_id += 1
            msg['id'] = self.next_id
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.proc.stdin.flush()
        return msg.get('id')

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError('server exited')
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b'content-length:'):
                length = int(line.split(b':')[1])
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, pred):
        while True:
            msg = self.read()
            if 'id' in msg and 'method' in msg:  # a request to the client
                body = json.dumps({'jsonrpc': '2.0', 'id': msg['id'],
                                   'result': None}).encode()
                self.proc.stdin.write(b'Content-Length: %d\r\n\r\n'
                                      % len(body) + body)
                self.proc.stdin.flush()
            if pred(msg):
                return msg

    def cpu_seconds(self):
        """User+system CPU time of the server so far, all threads."""
        with open('/proc/%d/stat' % self.proc.pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    def close(self):
        try:
            rid = self.send('shutdown', None, request=True)
            self.wait_for(lambda m: m.get('id') == rid)
            self.send('exit', None)
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def diagnostics_for(uri):
    return lambda m: (m.get('method') == 'textDocument/publishDiagnostics'
                      and m['params']['uri'] == uri)


def run_once(cmd, workdir, source, edits, env):
    """((wall, cpu) of the open, [(wall, cpu) of each edit], codes)."""
    uri = 'file://' + os.path.join(workdir, 'coro.cpp')
    server = Server(cmd + ['--background-index=false', '--log=error',
                           '--pch-storage=memory'], workdir, env)
    try:
        rid = server.send('initialize', {'processId': os.getpid(),
                                         'rootUri': 'file://' + workdir,
                                         'capabilities': {}}, request=True)
        server.wait_for(lambda m: m.get('id') == rid)
        server.send('initialized', {})
        cpu, start = server.cpu_seconds(), time.perf_counter()
        server.send('textDocument/didOpen', {'textDocument': {
            'uri': uri, 'languageId': 'cpp', 'version': 1, 'text': source}})
        first = server.wait_for(diagnostics_for(uri))
        opened = (time.perf_counter() - start, server.cpu_seconds() - cpu)
        codes = sorted({d.get('code', '') for d in first['params']['diagnostics']})
        edit_times = []
        for n in range(edits):
            # A change below the preamble, as when typing in a body.
            text = source + '\n// edit %d\n' % n
            cpu, start = server.cpu_seconds(), time.perf_counter()
            server.send('textDocument/didChange', {
                'textDocument': {'uri': uri, 'version': n + 2},
                'contentChanges': [{'text': text}]})
            server.wait_for(diagnostics_for(uri))
            edit_times.append((time.perf_counter() - start,
                               server.cpu_seconds() - cpu))
        return opened, edit_times, codes
    finally:
        server.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--stock', default=shutil.which('clangd-22') or
                    '/usr/lib/llvm-22/bin/clangd')
    ap.add_argument('--reps', type=int, default=5)
    ap.add_argument('--edits', type=int, default=3)
    ap.add_argument('--coroutines', type=int, default=150)
    ap.add_argument('--json', help='also write the figures here')
    ap.add_argument('--keep', action='store_true')
    args = ap.parse_args()

    async_clangd = os.path.join(os.path.abspath(args.build), 'bin',
                                'async-clangd')
    for tool in (async_clangd, args.stock):
        if not os.access(tool, os.X_OK):
            sys.exit('not found: %s' % tool)

    work = tempfile.mkdtemp(prefix='clangd-bench-')
    flags = ['-std=c++20', '-I' + os.path.join(ROOT, 'runtime', 'include')]
    configs = [
        ('stock clangd-22', [args.stock], "Remove: ['*']"),
        ('async-clangd, no checks', [async_clangd], "Remove: ['*']"),
        # Add alone: clangd's default checks apply only when nothing is set.
        ('async-clangd, async-*', [async_clangd], "Add: ['async-*']"),
    ]
    dirs = []
    for n, (_, _, tidy) in enumerate(configs):
        d = os.path.join(work, 'c%d' % n)
        os.makedirs(d)
        with open(os.path.join(d, 'compile_flags.txt'), 'w') as f:
            f.write('\n'.join(flags) + '\n')
        with open(os.path.join(d, '.clangd'), 'w') as f:
            f.write('Diagnostics:\n  ClangTidy:\n    %s\n' % tidy)
        generate(os.path.join(d, 'coro.cpp'), args.coroutines)
        dirs.append(d)
    with open(os.path.join(dirs[0], 'coro.cpp')) as f:
        source = f.read()
    lines = source.count('\n')

    # No user configuration may leak in.
    env = dict(os.environ, HOME=work,
               XDG_CONFIG_HOME=os.path.join(work, '.config'))

    opens = {c[0]: [] for c in configs}
    edits = {c[0]: [] for c in configs}
    codes = {}
    # One unmeasured round warms the file system cache for every binary.
    for (name, cmd, _), d in zip(configs, dirs):
        run_once(cmd, d, source, 1, env)
    for rep in range(args.reps):
        for (name, cmd, _), d in zip(configs, dirs):
            o, e, c = run_once(cmd, d, source, args.edits, env)
            opens[name].append(o)
            edits[name].extend(e)
            codes[name] = c
        print('rep %d/%d done' % (rep + 1, args.reps), file=sys.stderr)

    def med(samples, k):
        return statistics.median(x[k] for x in samples)

    result = {
        'file_lines': lines, 'coroutines': args.coroutines,
        'reps': args.reps, 'edits_per_rep': args.edits,
        'machine': '%s, %d cores, load average %.1f at the end' % (
            platform.processor() or platform.machine(), os.cpu_count(),
            os.getloadavg()[0]),
        'configs': {},
    }
    base = configs[0][0]
    for name, _, _ in configs:
        r = {'codes': codes[name]}
        for what, samples in (('open', opens), ('edit', edits)):
            for k, unit in ((0, 'wall'), (1, 'cpu')):
                r['%s_%s_s' % (what, unit)] = med(samples[name], k)
                r['%s_%s_ratio' % (what, unit)] = (
                    med(samples[name], k) / med(samples[base], k))
        result['configs'][name] = r

    print('%d-line file, %d coroutines; medians of %d opens and %d edits per '
          'configuration; %s' % (lines, args.coroutines, args.reps,
                                 args.reps * args.edits, result['machine']))
    print('%-24s %17s %17s %17s %17s' % ('', 'open wall', 'open cpu',
                                         'edit wall', 'edit cpu'))
    for name, r in result['configs'].items():
        cells = ['%7.2fs (%4.2fx)' % (r[k + '_s'], r[k + '_ratio'])
                 for k in ('open_wall', 'open_cpu', 'edit_wall', 'edit_cpu')]
        print('%-24s %s' % (name, ' '.join(cells)))
    for name, r in result['configs'].items():
        print('  %s reported: %s' % (name, ', '.join(c for c in r['codes']
                                                      if c) or '-'))
    ours = result['configs'][configs[2][0]]
    print('goal: async-clangd with async-* at most 1.10x stock clangd-22; '
          'open %.2fx wall, %.2fx cpu; edit %.2fx wall, %.2fx cpu' % (
              ours['open_wall_ratio'], ours['open_cpu_ratio'],
              ours['edit_wall_ratio'], ours['edit_cpu_ratio']))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(result, f, indent=2)
    if args.keep:
        print('kept', work)
    else:
        shutil.rmtree(work)


if __name__ == '__main__':
    main()
