interfaces {
    ethernet eth0 {
        address 198.51.100.2/30
        description "to provider"
    }
    ethernet eth1 {
        address 10.10.0.1/24
        vif 100 {
            address 10.100.0.1/24
        }
    }
}
protocols {
    static {
        route 0.0.0.0/0 {
            next-hop 198.51.100.1 {
            }
        }
    }
}
system {
    host-name gw1
    name-server 10.10.0.53
    ntp {
        server 10.10.0.123 {
        }
    }
    login {
        user vyos {
            authentication {
                encrypted-password $6$saltsalt$hashhash
            }
        }
    }
}
