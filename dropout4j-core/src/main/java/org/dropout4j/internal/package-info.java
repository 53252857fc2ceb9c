/**
 * Not API: the hooks through which the execution planner in {@code org.dropout4j.models} reaches the
 * package-private parts of layers and tensors that fused paths need (a Dense layer's fused activation, a
 * Conv2D + MaxPooling2D pass in one op, setting a weight's gradient without the autodiff graph). The types here
 * are public only because Java has no friend packages; they may change in any release and user code must not call
 * them. The packages that own the hidden parts install the hooks when their classes load.
 */
package org.dropout4j.internal;
