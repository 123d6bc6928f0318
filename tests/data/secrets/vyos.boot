high-availability {
    vrrp {
        group LAN10 {
            authentication {
                password CANARYD4vyvrrp
                type plaintext-password
            }
            interface eth1
            virtual-address 192.168.10.1/24
            vrid 10
        }
    }
}
interfaces {
    ethernet eth0 {
        address 203.0.113.20/29
        description "WAN - ISP A"
    }
    ethernet eth1 {
        address 192.168.10.2/24
        description "LAN - VRRP password auth"
    }
    openvpn vtun0 {
        local-address 10.98.0.1 {
        }
        local-port 1194
        mode site-to-site
        remote-address 10.98.0.2
        remote-host 198.51.100.9
        shared-secret-key CANARYD5vyovpn
    }
    wireguard wg0 {
        address 10.99.0.1/24
        peer branch1 {
            address 198.51.100.10
            allowed-ips 10.99.0.2/32
            port 51820
            preshared-key CANARYD6vywgpsk
            public-key Fm3GzK2p1bX9wqY0dN4cT6hL8sVuJ7rA5eB2iO1kM0Q=
        }
        port 51820
        private-key CANARYD7vywgpriv
    }
}
protocols {
    bgp {
        neighbor 203.0.113.17 {
            password CANARYD8vybgp
            remote-as 65001
        }
        system-as 65000
    }
    ospf {
        interface eth1 {
            authentication {
                md5 {
                    key-id 1 {
                        md5-key CANARYD9vyospf
                    }
                }
            }
        }
    }
}
service {
    snmp {
        community CANARYE0vysnmp {
            authorization ro
            network 10.0.0.0/24
        }
        location "DC1 Row 3"
        v3 {
            user v3user {
                auth {
                    plaintext-password CANARYE1vysnmpa
                    type sha
                }
                group default
                privacy {
                    encrypted-password 0xCANARYE2vysnmpp
                    type aes
                }
            }
        }
    }
}
system {
    host-name vyos-edge01
    login {
        radius {
            server 10.0.0.9 {
                key CANARYE3vyrad
            }
        }
        user vyos {
            authentication {
                encrypted-password $6$rounds=656000$Qe5bN3vT8kLz$CANARYE4vyuser
                plaintext-password ""
            }
        }
    }
}
vpn {
    ipsec {
        authentication {
            psk PEER-B {
                id 198.51.100.2
                id 203.0.113.20
                secret CANARYE5vypsk
            }
        }
        site-to-site {
            peer 198.51.100.1 {
                authentication {
                    mode pre-shared-secret
                    pre-shared-secret CANARYE6vypss
                }
                local-address 203.0.113.20
            }
        }
    }
}
// Warning: Do not remove the following line.
// vyos-config-version: "bgp@4:broadcast-relay@1:cluster@1:config-management@1:conntrack@3:dhcp-server@6:interfaces@28:ipsec@12:nat@5:ntp@1:snmp@3:system@25:vrrp@3:wanloadbalance@3"
// Release version: 1.4.0
