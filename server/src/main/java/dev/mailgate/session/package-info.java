/**
 * Admin UI sessions kept in the database (Spring Session JDBC, tables of migration V23), so a login
 * and the Authorize under way survive a restart and every node sharing the database sees them (ADR
 * 0023).
 */
package dev.mailgate.session;
