interfaces {
    dummy dum0 {
        address 10.255.0.1/32
    }
    wireguard wg0 {
        address 10.10.0.1/24
        port 51820
    }
}
system {
    host-name vyos-r2
    time-zone UTC
}
