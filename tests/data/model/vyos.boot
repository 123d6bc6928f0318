interfaces {
    ethernet eth0 {
        address dhcp
        description WAN
    }
    ethernet eth1 {
        address 192.168.10.1/24
        vrf RED
    }
    loopback lo {
        address 10.255.255.1/32
    }
    dummy dum0 {
        address 10.1.1.1/32
    }
    wireguard wg0 {
        address 10.10.0.1/24
    }
}
protocols {
    bgp {
        system-as 65010
        neighbor 192.0.2.2 {
            remote-as 65020
            description upstream
        }
        parameters {
            router-id 10.255.255.1
        }
    }
    ospf {
        area 0 {
            network 192.168.10.0/24
        }
    }
}
service {
    ntp {
        server 0.pool.ntp.org {
        }
    }
    snmp {
        community monitor {
            authorization ro
        }
        trap-target 192.0.2.90 {
        }
    }
}
system {
    host-name vyos1
}
vrf {
    name RED {
        table 100
    }
}
// vyatta-config-version: "bgp@5:interfaces@32:system@27"
// Release version: 1.4.0
