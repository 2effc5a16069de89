/**
 * The relay decision as pure functions: may this client send mail to this recipient through us?
 *
 * <p>Entry point: {@link dev.postern.policy.RelayPolicy#decide}. Mail to a hosted domain is always
 * accepted here (whether the user exists is intake's question); mail elsewhere only from a client
 * that authenticated (RFC 4954), sits in a trusted network ({@link dev.postern.net.Cidr}), or holds
 * a POP-before-SMTP grant. A refusal is {@code 550 5.7.1} (RFC 3463: delivery not authorized) whose
 * text names the cause and the cure in words a customer can act on. No I/O happens here.
 */
package dev.postern.policy;
