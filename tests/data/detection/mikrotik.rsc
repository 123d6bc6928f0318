# jan/02/2024 10:00:00 by RouterOS 7.13
/interface bridge
add name=bridge1
/ip address
add address=192.168.88.1/24 interface=bridge1 network=192.168.88.0
/ip route
add gateway=192.0.2.1
/system identity
set name=mt-r1
