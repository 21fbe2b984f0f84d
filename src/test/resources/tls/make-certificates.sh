#!/bin/sh
# Makes the test certificates in this folder: a CA, a server certificate for localhost and 127.0.0.1, and a client
# certificate, all signed by the CA, valid for 100 years, with unencrypted EC P-256 keys in PKCS#8 PEM.
set -eu
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
	-subj "/CN=dsmq test CA" -keyout ca.key -out ca.crt \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
for name in server client; do
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=dsmq test $name" \
		-keyout "$name.key" -out "$name.csr"
done
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -out server.crt \
	-extfile /dev/stdin <<EXT
subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
EXT
openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -out client.crt \
	-extfile /dev/stdin <<EXT
extendedKeyUsage=clientAuth
EXT
# the CA key is not kept: rerun this script to make a new set
rm -f server.csr client.csr ca.srl ca.key
