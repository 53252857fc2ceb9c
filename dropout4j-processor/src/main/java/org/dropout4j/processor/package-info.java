/**
 * Build-time tooling, never on a run-time class path: {@link org.dropout4j.processor.LayerProviderProcessor}
 * registers each layer class's {@code DESCRIPTOR} for {@link java.util.ServiceLoader} while the layers are compiled.
 */
package org.dropout4j.processor;
