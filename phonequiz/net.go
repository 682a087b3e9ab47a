package phonequiz

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Address is a private IPv4 address of this laptop on an interface that is
// up: where phones on the same Wi-Fi can reach it.
type Address struct {
	IP        string `json:"ip"`
	Interface string `json:"interface"`
}

// Addresses lists the laptop's private IPv4 addresses, the likeliest Wi-Fi
// hotspot or router address first (192.168.x.y, then 10.x, then 172.16–31).
// None means the laptop is on no local network: phones cannot reach it.
func Addresses() ([]Address, error) {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("network interfaces: %w", err)
	}
	var out []Address
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip := ipn.IP.To4()
			if ip == nil || !ip.IsPrivate() {
				continue
			}
			out = append(out, Address{IP: ip.String(), Interface: ifc.Name})
		}
	}
	rank := func(a Address) int {
		switch {
		case strings.HasPrefix(a.IP, "192.168."):
			return 0
		case strings.HasPrefix(a.IP, "10."):
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out, nil
}

// SelfCheck asks the running server for its own page over its network
// address, as a phone would. An error means the laptop cannot reach itself
// there (the interface went down, or a firewall blocks even that); success
// does not prove phones can reach it (Windows Firewall lets the laptop's own
// requests through), which is why the officer's screen also says so when no
// phone has joined after a while.
func (s *Server) SelfCheck(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"ping", nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("the laptop cannot reach %s: %w", s.url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 16))
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		return fmt.Errorf("the laptop's own request to %s got %s", s.url, resp.Status)
	}
	return nil
}

func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc
}

// limitListener accepts at most n connections at once; the rest wait in the
// kernel's queue, so a flood of connections cannot exhaust the laptop.
func limitListener(l net.Listener, n int) net.Listener {
	return &limitedListener{Listener: l, sem: make(chan struct{}, n), closed: make(chan struct{})}
}

type limitedListener struct {
	net.Listener
	mu        sync.Mutex
	perIP     map[string]int
	sem       chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func (l *limitedListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.closed) })
	return err
}

func (l *limitedListener) Accept() (net.Conn, error) {
	for {
		select {
		case l.sem <- struct{}{}:
		case <-l.closed:
			return nil, net.ErrClosed
		}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.sem
			return nil, err
		}
		ip, _, _ := net.SplitHostPort(c.RemoteAddr().String())
		l.mu.Lock()
		if l.perIP == nil {
			l.perIP = map[string]int{}
		}
		if l.perIP[ip] >= maxConnsPerIP {
			// One device holding many connections open is not a phone.
			l.mu.Unlock()
			c.Close()
			<-l.sem
			continue
		}
		l.perIP[ip]++
		l.mu.Unlock()
		return &limitedConn{Conn: c, release: func() {
			l.mu.Lock()
			if l.perIP[ip]--; l.perIP[ip] == 0 {
				delete(l.perIP, ip)
			}
			l.mu.Unlock()
			<-l.sem
		}}, nil
	}
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
