interfaces {
    ethernet eth0 {
        address dhcp
        description WAN
    }
    ethernet eth1 {
        address 192.168.1.1/24
    }
    loopback lo {
    }
}
service {
    ssh {
        port 22
    }
}
system {
    host-name vyos-r1
    login {
        user vyos {
            authentication {
                encrypted-password ****************
            }
        }
    }
    ntp {
        server 0.pool.ntp.org {
        }
    }
}


// Warning: Do not remove the following line.
// vyatta-config-version: "bgp@4:broadcast-relay@1:cluster@1:config-management@1:conntrack@3:dhcp-relay@2:dhcp-server@6:firewall@7:interfaces@25:system@22"
// Release version: 1.3.4
