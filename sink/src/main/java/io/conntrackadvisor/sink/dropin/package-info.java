/** The drop-in output: {@code OUT/<host>/90-conntrack-advisor.conf} and the modprobe file, from checked numbers. */
package io.conntrackadvisor.sink.dropin;
