/** Entry of the database worker thread. */
import './worker-entry'
