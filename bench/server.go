package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/fixflow/fixflow/internal/proc"
)

// startFixflow starts `fixflow serve` on a free loopback port, serving the
// snapshot of the web directory. A port taken between the look-up and the
// start (another program's) is retried with another port.
func (b *bench) startFixflow(ctx context.Context) error {
	var last error
	for try := 0; try < 3; try++ {
		port, err := proc.FreePort()
		if err != nil {
			return err
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		p, err := b.startProc("fixflow serve", b.bin, "serve", "-addr", addr, "-web", b.web)
		if err != nil {
			return err
		}
		if last = p.WaitHTTP(ctx, "http://"+addr+"/healthz", 60*time.Second); last == nil {
			b.fixflow = "http://" + addr
			progress("fixflow serve on %s (pid %d)", b.fixflow, p.Pid())
			return nil
		}
		stopProc(p)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return last
}

// brotliModuleDirs are where Debian's libnginx-mod-http-brotli-static puts
// the module.
var brotliModuleDirs = []string{"/usr/lib/nginx/modules", "/usr/share/nginx/modules"}

// brotliStaticModule is the brotli_static module's file, or "".
func brotliStaticModule() string {
	for _, d := range brotliModuleDirs {
		p := filepath.Join(d, "ngx_http_brotli_static_module.so")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// startNginx exports the site with `fixflow export` and serves the export
// with nginx (the export's own nginx.conf fragment inside a server block),
// on a free loopback port, as the current user, everything in a temporary
// directory. It returns the base URL.
func (b *bench) startNginx(ctx context.Context) (string, error) {
	if b.cfg.nginx == "" {
		return "", errors.New("nginx is missing: run scripts/deps.sh --bench (make bench does) or apt-get install nginx-light")
	}
	dir := filepath.Join(b.tmp, "nginx")
	root := filepath.Join(dir, "export")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// nginx's workers may run as another user: let them read the export.
	for _, d := range []string{b.tmp, dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			return "", err
		}
	}
	xctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(xctx, b.bin, "export", "-web", b.web, root).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("fixflow export: %w\n%s", err, out)
	}
	var last error
	for try := 0; try < 3; try++ {
		port, err := proc.FreePort()
		if err != nil {
			return "", err
		}
		conf := filepath.Join(dir, "bench-nginx.conf")
		if err := os.WriteFile(conf, []byte(b.nginxConf(dir, root, port)), 0o644); err != nil {
			return "", err
		}
		args := []string{b.cfg.nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log")}
		if out, err := exec.CommandContext(ctx, args[0], append(args[1:], "-t")...).CombinedOutput(); err != nil {
			return "", fmt.Errorf("nginx -t: %w\n%s", err, out)
		}
		p, err := b.startProc("nginx", args...)
		if err != nil {
			return "", err
		}
		base := "http://127.0.0.1:" + strconv.Itoa(port)
		if last = p.WaitHTTP(ctx, base+"/", 30*time.Second); last == nil {
			progress("nginx on %s (pid %d)", base, p.Pid())
			return base, nil
		}
		if log, err := os.ReadFile(filepath.Join(dir, "error.log")); err == nil {
			last = fmt.Errorf("%w\nerror.log:\n%s", last, log)
		}
		stopProc(p)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
	}
	return "", last
}

// nginxConf is the whole configuration: two workers in the foreground, every
// file in dir, no access log, the export's fragment inside the server block,
// and brotli_static when Debian's module is installed.
func (b *bench) nginxConf(dir, root string, port int) string {
	var c strings.Builder
	module := b.res.Env.BrotliStaticModule
	if module != "" {
		fmt.Fprintf(&c, "load_module %s;\n", module)
	}
	if os.Geteuid() == 0 {
		// As root, nginx would run its workers as nobody; run them as
		// the current user, as the master.
		name := "root"
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		fmt.Fprintf(&c, "user %s;\n", name)
	}
	fmt.Fprintf(&c, `worker_processes 2;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
    %[4]s
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    server {
        listen 127.0.0.1:%[2]d;
        root %[3]s;
`, dir, port, root, mimeTypes())
	if module != "" {
		c.WriteString("        brotli_static on;\n")
	}
	fmt.Fprintf(&c, "        include %s/nginx.conf;\n    }\n}\n", root)
	return c.String()
}

// mimeTypes includes Debian's mime.types, or names the types the site uses
// where there is none.
func mimeTypes() string {
	if _, err := os.Stat("/etc/nginx/mime.types"); err == nil {
		return "include /etc/nginx/mime.types;"
	}
	return "types { text/html html; text/css css; application/javascript js; application/json json; " +
		"application/wasm wasm; image/png png; image/svg+xml svg; application/manifest+json webmanifest; }"
}
